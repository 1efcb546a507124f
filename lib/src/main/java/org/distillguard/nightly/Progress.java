package org.distillguard.nightly;

/** Where the nightly job reports what it is doing; the command prints it, tests collect it. */
public interface Progress {

    /** A stage of a date finished: rows it produced and how long it took. */
    void stage(String date, String stage, long rows, long millis);

    /** Free text: a date starting, a gate result, a publication. */
    void note(String message);

    static Progress silent() {
        return new Progress() {
            @Override
            public void stage(String date, String stage, long rows, long millis) {
            }

            @Override
            public void note(String message) {
            }
        };
    }
}
