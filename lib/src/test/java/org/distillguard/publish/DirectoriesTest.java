package org.distillguard.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.distillguard.testing.HadoopMount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoriesTest {

    @TempDir
    Path folder;

    @Test
    void givenLocationsOfEachKind_whenAskedForTheLocalPath_thenOnlyPlainPathsAndFileUrisAreLocal() {
        Configuration hadoop = new Configuration();
        assertThat(Directories.localPath(hadoop, "/data/warehouse")).isEqualTo(Path.of("/data/warehouse"));
        assertThat(Directories.localPath(hadoop, "warehouse")).isEqualTo(Path.of("warehouse").toAbsolutePath());
        assertThat(Directories.localPath(hadoop, "file:/data/warehouse")).isEqualTo(Path.of("/data/warehouse"));
        assertThat(Directories.localPath(hadoop, "file:///data/my warehouse")).isEqualTo(Path.of("/data/my warehouse"));
        assertThat(Directories.localPath(hadoop, "/data/my warehouse")).isEqualTo(Path.of("/data/my warehouse"));
        assertThat(Directories.localPath(hadoop, "hdfs://namenode:8020/data/warehouse")).isNull();
        // What Hadoop's Path makes of hdfs:///data (the default namenode): one slash, no authority.
        assertThat(Directories.localPath(hadoop, new org.apache.hadoop.fs.Path("hdfs:///data/warehouse").toString())).isNull();
        assertThat(Directories.localPath(hadoop, "s3a://bucket/warehouse")).isNull();
        assertThat(Directories.localPath(hadoop, "viewfs:/data")).isNull();
    }

    @Test
    void givenADefaultFileSystemThatIsNotLocal_whenAPathWithoutASchemeIsWritten_thenItGoesThereAsSparkWouldWriteIt()
            throws IOException {
        Configuration hadoop = new Configuration();
        try (HadoopMount mount = HadoopMount.of(hadoop, folder)) {
            // A cluster's core-site.xml names HDFS here; a mount stands in for it.
            hadoop.set("fs.defaultFS", new org.apache.hadoop.fs.Path(mount.root()).toUri().resolve("/").toString());
            org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path("/data/out/manifest.json");

            assertThat(Directories.localPath(hadoop, "/data/out")).isNull();
            assertThat(Directories.localPath(hadoop, "file:/data/out")).isEqualTo(Path.of("/data/out"));
            Directories.writeFile(hadoop, target, bytes("on the default file system"));
        } finally {
            hadoop.unset("fs.defaultFS");
        }

        assertThat(folder.resolve("out/manifest.json")).hasContent("on the default file system");
        assertThat(Path.of("/data/out")).doesNotExist();
    }

    @Test
    void givenAnExistingFile_whenWrittenAgain_thenItHoldsTheNewBytesAndNoTemporaryFileIsLeft() throws IOException {
        Configuration hadoop = new Configuration();
        Path target = folder.resolve("out").resolve("manifest.json");

        Directories.writeFile(hadoop, new org.apache.hadoop.fs.Path(target.toString()), bytes("first"));
        Directories.writeFile(hadoop, new org.apache.hadoop.fs.Path(target.toString()), bytes("second"));

        assertThat(target).hasContent("second");
        assertThat(names(target.getParent())).containsExactly("manifest.json");
    }

    @Test
    void givenAFolderReachableOnlyThroughHadoop_whenAFileIsWrittenTwiceAndMovedOverAnother_thenTheLastBytesWin()
            throws IOException {
        Configuration hadoop = new Configuration();
        Files.createDirectories(folder.resolve("out"));

        try (HadoopMount mount = HadoopMount.of(hadoop, folder)) {
            org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(mount.resolve("out/manifest.json"));
            Directories.writeFile(hadoop, target, bytes("first"));
            Directories.writeFile(hadoop, target, bytes("second"));
            org.apache.hadoop.fs.Path other = new org.apache.hadoop.fs.Path(mount.resolve("out/other.json"));
            Directories.writeFile(hadoop, other, bytes("third"));
            Directories.moveReplacing(hadoop, other, target);

            assertThat(Directories.isDirectory(hadoop, new org.apache.hadoop.fs.Path(mount.resolve("out")))).isTrue();
            assertThat(Directories.isDirectory(hadoop, target)).isFalse();
            assertThat(Directories.isDirectory(hadoop, new org.apache.hadoop.fs.Path(mount.resolve("none")))).isFalse();
        }

        assertThat(folder.resolve("out").resolve("manifest.json")).hasContent("third");
        // Only the file and the checksum Hadoop's local file system keeps beside it.
        assertThat(names(folder.resolve("out"))).containsExactly(".manifest.json.crc", "manifest.json");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static java.util.List<String> names(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }
}
