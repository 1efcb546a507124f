package org.distillguard.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the distillguard command in a child JVM, as an operator would, and captures everything it prints. */
final class ChildProcess {

    record Result(int exitCode, String stdout, String stderr) {
        String output() {
            return stdout + "\n" + stderr;
        }
    }

    private ChildProcess() {}

    static Result run(Path workingDirectory, Map<String, String> environment, String... args) throws IOException, InterruptedException {
        Path stdout = Files.createTempFile(workingDirectory, "stdout", ".txt");
        Path stderr = Files.createTempFile(workingDirectory, "stderr", ".txt");
        Process process = start(workingDirectory, environment, List.of(), stdout, stderr, args);
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("distillguard " + String.join(" ", args) + " did not finish in 10 minutes");
        }
        Result result = new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
        Files.delete(stdout);
        Files.delete(stderr);
        return result;
    }

    /** Starts the command and returns at once; output goes to the two files. */
    static Process start(Path workingDirectory, Map<String, String> environment, Path stdout, Path stderr, String... args)
            throws IOException {
        return start(workingDirectory, environment, List.of(), stdout, stderr, args);
    }

    /** Starts the command with extra JVM options (e.g. {@code -Dspark.master=…}) and returns at once. */
    static Process start(Path workingDirectory, Map<String, String> environment, List<String> jvmOptions, Path stdout,
            Path stderr, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx2g");
        command.addAll(jvmOptions);
        command.addAll(Arrays.asList(System.getProperty("distillguard.jvm.flags", "").trim().split("\\s+")));
        command.add("-Duser.timezone=UTC");
        // As bin/distillguard does: the install folder, where conf/ (rules, bootstrap model) is found.
        command.add("-Ddistillguard.home=" + Path.of("").toAbsolutePath().getParent());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(Arrays.asList(args));
        command.removeIf(String::isEmpty);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
        builder.environment().remove("DISTILLGUARD_HMAC_KEY");
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        builder.environment().putAll(environment);
        builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        return builder.start();
    }
}
