package org.distillguard.testing;

import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local file system under the scheme {@code hooked://}, which runs a test's hook (once) just before it opens a
 * file: a stand-in for another process changing a folder between a reader's listing and its reads. Register it with
 * {@link #register} and point a {@link HadoopMount} at {@code hooked:///…}.
 */
public final class HookedLocalFileSystem extends RawLocalFileSystem {

    public static final String SCHEME = "hooked";
    private static volatile Runnable beforeNextOpen;

    /** Makes {@code hooked://} this file system in {@code hadoop}, uncached, so each use sees the current hook. */
    public static void register(org.apache.hadoop.conf.Configuration hadoop) {
        hadoop.set("fs." + SCHEME + ".impl", HookedLocalFileSystem.class.getName());
        hadoop.setBoolean("fs." + SCHEME + ".impl.disable.cache", true);
    }

    /** Runs {@code hook} before the next open of any file (then forgets it). */
    public static void beforeNextOpen(Runnable hook) {
        beforeNextOpen = hook;
    }

    @Override
    public URI getUri() {
        return URI.create(SCHEME + ":///");
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FSDataInputStream open(Path file, int bufferSize) throws IOException {
        Runnable hook = beforeNextOpen;
        beforeNextOpen = null;
        if (hook != null) {
            hook.run();
        }
        return super.open(file, bufferSize);
    }
}
