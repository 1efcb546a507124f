package org.distillguard.testing;

import java.nio.file.Path;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;

/**
 * A local folder reachable only through Hadoop, as a warehouse on {@code hdfs://} or {@code s3a://} is: a
 * {@code viewfs://} mount set on the given Hadoop settings (the session's), with Hadoop's file system cache off for
 * it, so code that opens files with settings of its own ({@code new Configuration()}) or with {@code java.nio} fails
 * instead of passing by luck. Closing removes the mount from the settings.
 */
public final class HadoopMount implements AutoCloseable {

    private static final String NO_CACHE = "fs.viewfs.impl.disable.cache";

    private final Configuration hadoop;
    private final String linkKey;
    private final String root;
    private final String cacheBefore;

    private HadoopMount(Configuration hadoop, String linkKey, String root, String cacheBefore) {
        this.hadoop = hadoop;
        this.linkKey = linkKey;
        this.root = root;
        this.cacheBefore = cacheBefore;
    }

    /** Mounts {@code local} (created if missing) as {@code viewfs://<unique>/data}. */
    public static HadoopMount of(Configuration hadoop, Path local) {
        return of(hadoop, local, "/data");
    }

    /** Mounts {@code local} (created if missing) as {@code viewfs://<unique><mountPoint>}. */
    public static HadoopMount of(Configuration hadoop, Path local, String mountPoint) {
        String table = "mount" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String linkKey = "fs.viewfs.mounttable." + table + ".link." + mountPoint;
        String cacheBefore = hadoop.get(NO_CACHE);
        hadoop.set(linkKey, local.toAbsolutePath().toUri().toString());
        hadoop.setBoolean(NO_CACHE, true);
        return new HadoopMount(hadoop, linkKey, "viewfs://" + table + mountPoint, cacheBefore);
    }

    /** The mounted folder's URI. */
    public String root() {
        return root;
    }

    /** {@code relative} under the mounted folder, as a URI. */
    public String resolve(String relative) {
        return root + "/" + relative;
    }

    @Override
    public void close() {
        hadoop.unset(linkKey);
        if (cacheBefore == null) {
            hadoop.unset(NO_CACHE);
        } else {
            hadoop.set(NO_CACHE, cacheBefore);
        }
    }
}
