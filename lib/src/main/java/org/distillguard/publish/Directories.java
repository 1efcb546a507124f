package org.distillguard.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Publishing moves on any Hadoop file system: a finished staging folder replaces the published one by rename, so a
 * reader sees the old folder or the new one, never a half-written one.
 */
public final class Directories {

    private Directories() {}

    /** Replaces {@code target} by {@code source}: the old target is moved aside first and deleted after. */
    public static void replace(Configuration hadoop, Path source, Path target) {
        try {
            FileSystem fileSystem = target.getFileSystem(hadoop);
            fileSystem.mkdirs(target.getParent());
            Path aside = null;
            if (fileSystem.exists(target)) {
                aside = new Path(target.getParent(), "._replaced-" + target.getName() + "-" + UUID.randomUUID());
                rename(fileSystem, target, aside);
            }
            rename(fileSystem, source, target);
            if (aside != null) {
                fileSystem.delete(aside, true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot publish " + target + ": " + e.getMessage(), e);
        }
    }

    private static void rename(FileSystem fileSystem, Path from, Path to) throws IOException {
        if (!fileSystem.rename(from, to)) {
            throw new IOException("rename of " + from + " to " + to + " failed");
        }
    }

    public static void delete(Configuration hadoop, Path path) {
        try {
            path.getFileSystem(hadoop).delete(path, true);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * On the local file system, makes every folder under {@code root} owner-only (rwx------) and every file
     * owner-read-write (rw-------). Spark's writers do not take a umask on every path, so outputs are closed after.
     */
    public static void restrictToOwner(String root) {
        java.nio.file.Path local = localPath(root);
        if (local == null || !Files.exists(local)) {
            return;
        }
        try {
            Files.walkFileTree(local, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(java.nio.file.Path dir, BasicFileAttributes attrs) throws IOException {
                    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(java.nio.file.Path file, BasicFileAttributes attrs) throws IOException {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (UnsupportedOperationException ignored) {
            // Not a POSIX file system: permissions are the store's own.
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot restrict permissions under " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code location} made absolute with its scheme ({@code file:/…}, {@code hdfs://…}) on the driver: a path that
     * Spark tasks write under must not depend on an executor's working directory.
     */
    public static String qualified(Configuration hadoop, String location) {
        Path path = new Path(location);
        try {
            return path.getFileSystem(hadoop).makeQualified(path).toString();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot resolve " + location + ": " + e.getMessage(), e);
        }
    }

    /** The local path behind a plain path or {@code file:} URI, or null for another file system. */
    public static java.nio.file.Path localPath(String location) {
        if (location.startsWith("file:")) {
            return Paths.get(java.net.URI.create(location));
        }
        if (location.contains("://")) {
            return null;
        }
        return Paths.get(location).toAbsolutePath();
    }
}
