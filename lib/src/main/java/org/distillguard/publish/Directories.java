package org.distillguard.publish;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.UnsupportedFileSystemException;

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

    /** Whether {@code path} (a local path or a Hadoop URI) is an existing folder. */
    public static boolean isDirectory(Configuration hadoop, Path path) {
        try {
            return path.getFileSystem(hadoop).getFileStatus(path).isDirectory();
        } catch (java.io.FileNotFoundException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code bytes} as the whole of {@code target}: into a hidden file beside it first, then moved over it
     * ({@link #moveReplacing}), so a reader never sees half a file. The hidden file is removed if anything fails.
     */
    public static void writeFile(Configuration hadoop, Path target, byte[] bytes) {
        java.nio.file.Path local = localPath(hadoop, target.toString());
        try {
            if (local != null) {
                Files.createDirectories(local.getParent());
                java.nio.file.Path temporary = Files.createTempFile(local.getParent(), "." + local.getFileName(), ".tmp");
                try {
                    Files.write(temporary, bytes);
                    Files.move(temporary, local, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(temporary);
                }
                return;
            }
            FileSystem fileSystem = target.getFileSystem(hadoop);
            Path temporary = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
            boolean moved = false;
            try {
                try (OutputStream out = fileSystem.create(temporary, true)) {
                    out.write(bytes);
                }
                moveReplacing(hadoop, temporary, target);
                moved = true;
            } finally {
                if (!moved) {
                    fileSystem.delete(temporary, false);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Moves the file {@code from} over {@code to}: in one step on a local disk and where Hadoop's rename can overwrite
     * (HDFS, viewfs); elsewhere (object stores, where a rename is a copy anyway) the old file is deleted first.
     */
    public static void moveReplacing(Configuration hadoop, Path from, Path to) throws IOException {
        java.nio.file.Path localFrom = localPath(hadoop, from.toString());
        java.nio.file.Path localTo = localPath(hadoop, to.toString());
        if (localFrom != null && localTo != null) {
            Files.move(localFrom, localTo, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        FileSystem fileSystem = to.getFileSystem(hadoop);
        Path qualifiedFrom = fileSystem.makeQualified(from);
        Path qualifiedTo = fileSystem.makeQualified(to);
        try {
            FileContext.getFileContext(qualifiedTo.toUri(), hadoop).rename(qualifiedFrom, qualifiedTo, Options.Rename.OVERWRITE);
            return;
        } catch (UnsupportedFileSystemException | UnsupportedOperationException e) {
            // No overwriting rename for this scheme: delete, then rename.
        }
        fileSystem.delete(qualifiedTo, false);
        rename(fileSystem, qualifiedFrom, qualifiedTo);
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
    public static void restrictToOwner(Configuration hadoop, String root) {
        java.nio.file.Path local = localPath(hadoop, root);
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

    /**
     * The local path behind {@code location}, or null for another file system. The scheme decides ({@code hdfs:/x},
     * the form Hadoop gives {@code hdfs:///x}, is not a local folder); a path without one is on Hadoop's default file
     * system ({@code fs.defaultFS}), as Spark's readers and writers take it: a local folder unless the settings (a
     * cluster's {@code core-site.xml}, {@code spark.hadoop.fs.defaultFS}) name another.
     */
    public static java.nio.file.Path localPath(Configuration hadoop, String location) {
        java.net.URI uri = new Path(location).toUri();
        String scheme = uri.getScheme() != null ? uri.getScheme() : FileSystem.getDefaultUri(hadoop).getScheme();
        return scheme == null || scheme.equalsIgnoreCase("file") ? Paths.get(uri.getPath()).toAbsolutePath() : null;
    }
}
