package org.distillguard.testing;

import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local file system under the scheme {@code hooked://}, which lets a test stand in for another process: a hook
 * run (once) just before the next open of a file, or in the middle of the next listing (after the names are read and
 * before each is looked at, where Hadoop's local file system drops names that vanished), and deletes that fail.
 * Register it with {@link #register} and use {@code hooked:///…} paths.
 */
public final class HookedLocalFileSystem extends RawLocalFileSystem {

    public static final String SCHEME = "hooked";
    private static volatile Runnable beforeNextOpen;
    private static volatile Runnable duringNextListing;
    private static volatile boolean deletesFail;

    /** Makes {@code hooked://} this file system in {@code hadoop}, uncached, so each use sees the current hook. */
    public static void register(org.apache.hadoop.conf.Configuration hadoop) {
        hadoop.set("fs." + SCHEME + ".impl", HookedLocalFileSystem.class.getName());
        hadoop.setBoolean("fs." + SCHEME + ".impl.disable.cache", true);
    }

    /** Runs {@code hook} before the next open of any file (then forgets it). */
    public static void beforeNextOpen(Runnable hook) {
        beforeNextOpen = hook;
    }

    /** Runs {@code hook} in the middle of the next listing of a folder (then forgets it). */
    public static void duringNextListing(Runnable hook) {
        duringNextListing = hook;
    }

    /** Makes every delete fail (return false) until called again with false. */
    public static void deletesFail(boolean fail) {
        deletesFail = fail;
    }

    @Override
    public org.apache.hadoop.fs.FileStatus[] listStatus(Path folder) throws IOException {
        org.apache.hadoop.fs.FileStatus[] names = super.listStatus(folder);
        Runnable hook = duringNextListing;
        duringNextListing = null;
        if (hook == null) {
            return names;
        }
        hook.run();
        return java.util.Arrays.stream(names).filter(status -> pathToFile(status.getPath()).exists())
                .toArray(org.apache.hadoop.fs.FileStatus[]::new);
    }

    @Override
    public boolean delete(Path path, boolean recursive) throws IOException {
        return !deletesFail && super.delete(path, recursive);
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
