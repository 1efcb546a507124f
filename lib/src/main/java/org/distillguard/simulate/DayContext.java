package org.distillguard.simulate;

import java.time.LocalDate;
import java.time.ZoneOffset;

/** The day being generated and what every archetype may read about the run. */
record DayContext(int dayIndex, LocalDate date, long dayStartMillis, long releaseMillis, SimulationSpec spec, Corpora corpora) {

    static DayContext of(SimulationSpec spec, Corpora corpora, int dayIndex) {
        LocalDate date = spec.start().plusDays(dayIndex);
        return new DayContext(dayIndex, date, date.atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli(),
                spec.releaseInstant().toEpochMilli(), spec, corpora);
    }
}
