package org.distillguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher script, {@code bin/distillguard}, run from a copy of the install folder with a stand-in {@code java}
 * that prints the arguments it was given: which heap and collector an operator gets by default and when they choose.
 */
class LauncherTest {

    @TempDir
    Path home;

    @Test
    void givenNoJavaOptions_whenLaunched_thenTheDefaultHeapAndTheParallelCollectorAreUsed() throws Exception {
        List<String> args = launch(Map.of());

        assertThat(args).contains("-Xmx6g", "-XX:+UseParallelGC", "--add-opens=java.base/java.nio=ALL-UNNAMED", "demo");
        assertThat(args.indexOf("-jar")).isLessThan(args.indexOf("demo"));
    }

    @Test
    void givenJavaOptionsWithoutACollector_whenLaunched_thenTheirHeapIsUsedWithTheParallelCollector() throws Exception {
        List<String> args = launch(Map.of("DISTILLGUARD_JAVA_OPTS", "-Xmx2g -Dsome.flag=1"));

        assertThat(args).contains("-Xmx2g", "-Dsome.flag=1", "-XX:+UseParallelGC").doesNotContain("-Xmx6g");
    }

    @Test
    void givenJavaOptionsNamingACollector_whenLaunched_thenNoOtherCollectorIsAdded() throws Exception {
        // Two collectors on one command line stop the JVM at start-up, so the operator's choice must stand alone.
        List<String> args = launch(Map.of("DISTILLGUARD_JAVA_OPTS", "-Xmx2g -XX:+UseG1GC"));

        assertThat(args).contains("-Xmx2g", "-XX:+UseG1GC").doesNotContain("-XX:+UseParallelGC");
    }

    @Test
    void givenAnArgumentFileNamingACollector_whenLaunched_thenNoOtherCollectorIsAdded() throws Exception {
        Path options = Files.writeString(home.resolve("driver.options"), "-Dspark.ui.enabled=false\n-XX:+UseSerialGC\n");
        Path plain = Files.writeString(home.resolve("plain.options"), "-Dspark.ui.enabled=false\n");

        assertThat(launch(Map.of("DISTILLGUARD_JAVA_OPTS", "-Xmx1g @" + options)))
                .contains("-Xmx1g", "@" + options).doesNotContain("-XX:+UseParallelGC");
        assertThat(launch(Map.of("DISTILLGUARD_JAVA_OPTS", "-Xmx1g @" + plain))).contains("@" + plain, "-XX:+UseParallelGC");
    }

    private List<String> launch(Map<String, String> environment) throws IOException, InterruptedException {
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path launcher = bin.resolve("distillguard");
        Files.copy(Path.of("..", "bin", "distillguard"), launcher, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path target = Files.createDirectories(home.resolve("jobs").resolve("target"));
        Files.writeString(target.resolve("distillguard.jar"), "");
        Files.writeString(target.resolve("jvm.options"), "--add-opens=java.base/java.nio=ALL-UNNAMED\n");
        Path javaHome = Files.createDirectories(home.resolve("jdk").resolve("bin"));
        Path java = javaHome.resolve("java");
        Files.writeString(java, "#!/usr/bin/env bash\nprintf '%s\\n' \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));

        ProcessBuilder builder = new ProcessBuilder("bash", launcher.toString(), "demo");
        builder.environment().remove("DISTILLGUARD_JAVA_OPTS");
        builder.environment().put("JAVA_HOME", home.resolve("jdk").toString());
        builder.environment().putAll(environment);
        builder.redirectErrorStream(true);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output.lines().toList();
    }
}
