package org.distillguard.scoring;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.distillguard.publish.Directories;
import org.distillguard.redact.HmacKey;

/**
 * A model store as a local folder for {@link ModelStore}, which reads models with {@code java.nio}: the store itself
 * when it is local, else a private temporary copy of its model folders (a warehouse on {@code hdfs://} or
 * {@code s3a://}). Every model is still checked against its signed manifest when it is loaded from the copy. Closing
 * deletes the copy.
 */
public final class LocalModelStore implements AutoCloseable {

    private final java.nio.file.Path path;
    private final java.nio.file.Path copy;
    private final String location;

    private LocalModelStore(java.nio.file.Path path, java.nio.file.Path copy, String location) {
        this.path = path;
        this.copy = copy;
        this.location = location;
    }

    /** The store at {@code store} (a local path or a Hadoop URI; it need not exist). */
    public static LocalModelStore open(Configuration hadoop, Path store) {
        requireNonNull(hadoop, "hadoop is null");
        java.nio.file.Path local = Directories.localPath(hadoop, store.toString());
        if (local != null) {
            return new LocalModelStore(local, null, store.toString());
        }
        java.nio.file.Path copy = null;
        try {
            copy = Files.createTempDirectory("distillguard-models-"); // owner-only on POSIX
            FileSystem fileSystem = store.getFileSystem(hadoop);
            if (fileSystem.exists(store)) {
                for (FileStatus child : fileSystem.listStatus(store)) {
                    String name = child.getPath().getName();
                    // Model folders only, as ModelStore.latest takes them: not a half-written model nor stray files.
                    if (child.isDirectory() && ModelStore.isModelFolderName(name)
                            && fileSystem.exists(new Path(child.getPath(), ModelStore.MANIFEST_FILE))) {
                        fileSystem.copyToLocalFile(false, child.getPath(), new Path(copy.resolve(name).toUri()), true);
                    }
                }
            }
            return new LocalModelStore(copy, copy, store.toString());
        } catch (IOException e) {
            deleteTree(copy);
            throw new UncheckedIOException("Cannot read the model store " + store + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteTree(copy);
            throw e;
        }
    }

    /**
     * Adds {@code model} to the store at {@code store} (a local path or a Hadoop URI) as {@link ModelStore#writeVersioned}
     * does, and returns the model's folder. On another file system the model is written and signed in a private local
     * folder, copied up under a hidden name (which {@link ModelStore#latest} and {@link #open} skip) and renamed into
     * place, so a night that starts meanwhile never takes half a model.
     */
    public static String writeVersioned(TrainedModel model, Configuration hadoop, String store, HmacKey key,
            java.time.Instant now) {
        java.nio.file.Path local = Directories.localPath(hadoop, store);
        if (local != null) {
            return ModelStore.writeVersioned(model, local, key, now).toString();
        }
        java.nio.file.Path scratch = null;
        Path root = new Path(store);
        try {
            scratch = Files.createTempDirectory("distillguard-model-"); // owner-only on POSIX
            java.nio.file.Path written = ModelStore.writeVersioned(model, scratch, key, now);
            String id = written.getFileName().toString();
            FileSystem fileSystem = root.getFileSystem(hadoop);
            Path target = new Path(root, id);
            if (fileSystem.exists(target)) {
                throw new IOException(target + " exists already");
            }
            Path upload = new Path(root, "." + id + ".uploading");
            fileSystem.mkdirs(root);
            fileSystem.delete(upload, true);
            try {
                fileSystem.copyFromLocalFile(false, true, new Path(written.toUri()), upload);
            } catch (IOException | RuntimeException e) {
                fileSystem.delete(upload, true);
                throw e;
            }
            boolean renamed;
            try {
                renamed = fileSystem.rename(upload, target);
            } catch (IOException | RuntimeException e) {
                // An object store's rename copies file by file: remove what the failed one left at the target too.
                fileSystem.delete(upload, true);
                fileSystem.delete(target, true);
                throw e;
            }
            if (!renamed) {
                // Nothing was moved (the target may have appeared meanwhile): only the upload is ours to remove.
                fileSystem.delete(upload, true);
                throw new IOException("cannot rename " + upload + " to " + target);
            }
            return target.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the model to " + store + ": " + e.getMessage(), e);
        } finally {
            deleteTree(scratch);
        }
    }

    /** The local folder to give {@link ModelStore} and {@link ModelResolver}. */
    public java.nio.file.Path path() {
        return path;
    }

    /**
     * The model {@link ModelResolver#resolve} picks for {@code choice} in this store; its warnings, added to
     * {@code warnings}, name the store where they would name the local copy.
     */
    public Optional<TrainedModel> resolve(String choice, java.nio.file.Path bootstrap, Optional<HmacKey> key,
            List<String> tableFeatures, List<String> warnings) {
        List<String> found = new ArrayList<>();
        Optional<TrainedModel> model = ModelResolver.resolve(choice, path, bootstrap, key, tableFeatures, found);
        found.forEach(warning -> warnings.add(describe(warning)));
        return model;
    }

    /** {@code text} (a warning about a model) naming the store where it names the local copy. */
    String describe(String text) {
        return copy == null ? text : text.replace(copy.toString(), location);
    }

    /** Deletes the copy, if any; a copy that cannot be deleted is left for the temporary folder's cleaning. */
    @Override
    public void close() {
        if (copy != null) {
            deleteTree(copy);
        }
    }

    private static void deleteTree(java.nio.file.Path root) {
        if (root == null) {
            return;
        }
        // Models only (no logs or secrets): a night that scored must not fail on its clean-up.
        try (Stream<java.nio.file.Path> paths = Files.walk(root)) {
            for (java.nio.file.Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            root.toFile().deleteOnExit();
        }
    }
}
