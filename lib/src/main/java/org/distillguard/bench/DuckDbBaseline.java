package org.distillguard.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * What a user could run instead of the feature pass for its simplest features: DuckDB (through its JDBC driver)
 * computing, straight from the JSONL logs, the per-account volume, timing and exact-duplicate subset — requests,
 * prompt and completion tokens, active hours, mean and coefficient of variation of the inter-arrival gap, and the
 * exact-duplicate ratio of the request messages — written as Parquet.
 *
 * <p>The driver is a benchmark-only dependency and never part of the toolkit's jars: it is loaded from its jar file
 * (by default the one the build put in the local Maven repository) in a class loader of its own.
 */
public final class DuckDbBaseline {

    /** The DuckDB JDBC version the build downloads (the parent pom's {@code duckdb.version}). */
    public static final String VERSION = version();

    private DuckDbBaseline() {}

    /** Where the build leaves the driver: {@code ~/.m2/repository/org/duckdb/duckdb_jdbc/V/duckdb_jdbc-V.jar}. */
    public static Path defaultJar() {
        String repository = System.getProperty("maven.repo.local",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
        return Path.of(repository, "org", "duckdb", "duckdb_jdbc", VERSION, "duckdb_jdbc-" + VERSION + ".jar");
    }

    /**
     * Computes the subset from {@code logs} into {@code output} (a Parquet file) with {@code threads} threads and
     * returns the number of records it aggregated.
     */
    public static long run(Path driverJar, Path logs, Path output, int threads) {
        if (!Files.isRegularFile(driverJar)) {
            throw new IllegalArgumentException("Cannot run the DuckDB baseline: its JDBC driver " + driverJar
                    + " does not exist. Build the project once (mvn -DskipTests package downloads it), or fetch it with"
                    + " mvn dependency:get -Dartifact=org.duckdb:duckdb_jdbc:" + VERSION
                    + ", or pass the jar's path with --duckdb-jar, or leave the duckdb stage out.");
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {driverJar.toUri().toURL()},
                DuckDbBaseline.class.getClassLoader())) {
            Driver driver = (Driver) Class.forName("org.duckdb.DuckDBDriver", true, loader).getDeclaredConstructor().newInstance();
            Properties properties = new Properties();
            properties.setProperty("threads", Integer.toString(threads));
            try (Connection connection = driver.connect("jdbc:duckdb:", properties);
                    Statement statement = connection.createStatement()) {
                statement.execute(query(logs, output));
                try (ResultSet result = statement.executeQuery("SELECT coalesce(sum(requests), 0) FROM read_parquet("
                        + literal(output.toString()) + ")")) {
                    result.next();
                    return result.getLong(1);
                }
            }
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("Cannot load the DuckDB driver from " + driverJar + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException("The DuckDB baseline failed on " + logs + ": " + e.getMessage(), e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("Cannot load the DuckDB driver from " + driverJar + ": " + e, e);
        }
    }

    /** The SQL: one scan of the JSONL, a window for the gaps, one aggregation per account, written as Parquet. */
    static String query(Path logs, Path output) {
        return "COPY (\n"
                + "  WITH events AS (\n"
                + "    SELECT account_id, epoch(CAST(\"timestamp\" AS TIMESTAMPTZ)) AS seconds,\n"
                + "           response.usage.prompt_tokens AS prompt_tokens,\n"
                + "           response.usage.completion_tokens AS completion_tokens,\n"
                + "           hash(CAST(request.messages AS VARCHAR)) AS prompt_hash\n"
                + "    FROM read_json(" + literal(logs.toString()) + ", format = 'newline_delimited')\n"
                + "  ), gaps AS (\n"
                + "    SELECT *, seconds - lag(seconds) OVER (PARTITION BY account_id ORDER BY seconds) AS gap FROM events\n"
                + "  )\n"
                + "  SELECT account_id, count(*) AS requests, sum(prompt_tokens) AS prompt_tokens,\n"
                + "         sum(completion_tokens) AS completion_tokens,\n"
                + "         count(DISTINCT floor(seconds / 3600)) AS active_hours,\n"
                + "         avg(gap) AS inter_arrival_mean, stddev_pop(gap) / nullif(avg(gap), 0) AS inter_arrival_cv,\n"
                + "         1 - count(DISTINCT prompt_hash) / count(*) AS exact_duplicate_ratio\n"
                + "  FROM gaps GROUP BY account_id\n"
                + ") TO " + literal(output.toString()) + " (FORMAT parquet)";
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static String version() {
        Properties properties = new Properties();
        try (InputStream in = DuckDbBaseline.class.getResourceAsStream("/distillguard/bench.properties")) {
            if (in == null) {
                throw new IllegalStateException("Cannot find /distillguard/bench.properties on the class path");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read bench.properties: " + e.getMessage(), e);
        }
        return properties.getProperty("duckdb.version");
    }
}
