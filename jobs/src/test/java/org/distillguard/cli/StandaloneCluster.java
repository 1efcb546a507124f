package org.distillguard.cli;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * A real Spark standalone cluster on loopback, started from the Maven-resolved Spark jars (no Spark distribution):
 * a master and workers in their own JVMs, with a folder that stands in for SPARK_HOME.
 */
final class StandaloneCluster implements AutoCloseable {

    private final Path home;
    private final String classpath;
    private final int masterPort;
    private final int masterUiPort;
    private final Process master;
    private final List<Process> workers = new ArrayList<>();

    StandaloneCluster(Path folder, int workerCount) throws IOException, InterruptedException {
        this.classpath = String.join(File.pathSeparator, classpathEntries());
        this.home = folder.resolve("spark-home");
        Path jars = Files.createDirectories(home.resolve("jars"));
        for (String entry : classpathEntries()) {
            Path path = Path.of(entry);
            if (entry.endsWith(".jar") && Files.exists(path)) {
                Files.createSymbolicLink(jars.resolve(path.getFileName().toString().hashCode() + "-" + path.getFileName()), path);
            }
        }
        Files.writeString(home.resolve("RELEASE"), "Spark from Maven-resolved jars, for tests\n");
        this.masterPort = freePort();
        this.masterUiPort = freePort();
        this.master = start(folder.resolve("master.log"), "org.apache.spark.deploy.master.Master",
                "--host", "127.0.0.1", "--port", Integer.toString(masterPort), "--webui-port", Integer.toString(masterUiPort));
        waitForPort(masterPort);
        for (int i = 0; i < workerCount; i++) {
            Path work = Files.createDirectories(folder.resolve("worker-" + i));
            workers.add(start(folder.resolve("worker-" + i + ".log"), "org.apache.spark.deploy.worker.Worker",
                    "--host", "127.0.0.1", "--cores", "1", "--memory", "1g", "--work-dir", work.toString(),
                    "--webui-port", Integer.toString(freePort()), masterUrl()));
        }
        waitForWorkers(folder, workerCount);
    }

    String masterUrl() {
        return "spark://127.0.0.1:" + masterPort;
    }

    String classpath() {
        return classpath;
    }

    Process worker(int index) {
        return workers.get(index);
    }

    /** JVM system properties that point a driver (the distillguard command) at this cluster. */
    List<String> driverProperties() {
        String flags = System.getProperty("distillguard.jvm.flags", "").trim();
        return List.of(
                "-Dspark.master=" + masterUrl(),
                "-Dspark.driver.host=127.0.0.1",
                "-Dspark.driver.bindAddress=127.0.0.1",
                "-Dspark.executor.memory=768m",
                "-Dspark.cores.max=2",
                "-Dspark.executor.extraClassPath=" + classpath,
                "-Dspark.executor.extraJavaOptions=" + flags + " -Duser.timezone=UTC",
                "-Dspark.task.maxFailures=8");
    }

    private Process start(Path log, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.addAll(Arrays.asList(System.getProperty("distillguard.jvm.flags", "").trim().split("\\s+")));
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(Arrays.asList(args));
        command.removeIf(String::isEmpty);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("SPARK_HOME", home.toString());
        builder.environment().put("SPARK_SCALA_VERSION", "2.13");
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        return builder.start();
    }

    /** Asks the master's status page (loopback only) how many workers are alive. */
    int aliveWorkers() throws InterruptedException {
        try {
            java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + masterUiPort + "/json/"))
                            .timeout(java.time.Duration.ofSeconds(5)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            java.util.regex.Matcher alive = java.util.regex.Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)").matcher(response.body());
            return alive.find() ? Integer.parseInt(alive.group(1)) : 0;
        } catch (IOException notYet) {
            return 0;
        }
    }

    private void waitForWorkers(Path folder, int count) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            if (aliveWorkers() >= count) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("Cannot start the test cluster: workers did not register in 3 minutes; see " + folder);
    }

    private static void waitForPort(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("Cannot start the test cluster: the master did not listen on port " + port);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The test class path, expanded when Surefire passes it through a manifest-only jar. */
    static List<String> classpathEntries() throws IOException {
        Set<String> entries = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            entries.add(entry);
            if (entry.endsWith(".jar") && Files.exists(Path.of(entry))) {
                try (JarFile jar = new JarFile(entry)) {
                    Manifest manifest = jar.getManifest();
                    String nested = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
                    if (nested != null) {
                        for (String item : nested.trim().split("\\s+")) {
                            entries.add(item.startsWith("file:") ? Path.of(java.net.URI.create(item)).toString()
                                    : Path.of(entry).getParent().resolve(item).normalize().toString());
                        }
                    }
                }
            }
        }
        return new ArrayList<>(entries);
    }

    @Override
    public void close() throws InterruptedException {
        for (Process worker : workers) {
            worker.destroyForcibly();
            worker.waitFor(30, TimeUnit.SECONDS);
        }
        master.destroyForcibly();
        master.waitFor(30, TimeUnit.SECONDS);
    }
}
