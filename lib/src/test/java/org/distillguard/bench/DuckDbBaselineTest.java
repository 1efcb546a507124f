package org.distillguard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.distillguard.simulate.SimulationSpec;
import org.distillguard.simulate.Simulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbBaselineTest {

    @TempDir
    Path folder;

    @Test
    void givenSimulatedLogs_whenTheDuckDbSubsetRuns_thenItCountsEveryRecordOncePerAccount() throws Exception {
        Simulator.run(SimulationSpec.preset(SimulationSpec.TEST).withAccounts(12).withDays(1)
                .withStart(LocalDate.of(2026, 11, 23)), folder.resolve("logs"));
        Path logs;
        try (Stream<Path> files = Files.walk(folder.resolve("logs"))) {
            logs = files.filter(file -> file.toString().endsWith(".jsonl")).sorted().findFirst().orElseThrow();
        }
        ObjectMapper json = new ObjectMapper();
        Map<String, Long> perAccount = new HashMap<>();
        List<String> lines = Files.readAllLines(logs);
        for (String line : lines) {
            perAccount.merge(json.readTree(line).get("account_id").asText(), 1L, Long::sum);
        }
        Path driver = Path.of(Class.forName("org.duckdb.DuckDBDriver").getProtectionDomain().getCodeSource().getLocation().toURI());
        Path output = folder.resolve("duckdb.parquet");

        long records = DuckDbBaseline.run(driver, logs, output, 2);

        assertThat(driver.getFileName().toString()).contains(DuckDbBaseline.VERSION);
        assertThat(records).isEqualTo(lines.size());
        assertThat(Files.size(output)).isPositive();
        // One row per account, with that account's request count: read back through DuckDB itself.
        assertThat(requestsPerAccount(output)).isEqualTo(perAccount);
    }

    @Test
    void givenNoDriverJar_whenRun_thenTheErrorSaysHowToGetIt() {
        assertThatThrownBy(() -> DuckDbBaseline.run(folder.resolve("missing.jar"), folder.resolve("logs.jsonl"),
                folder.resolve("out.parquet"), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("JDBC driver")
                .hasMessageContaining("mvn dependency:get -Dartifact=org.duckdb:duckdb_jdbc:" + DuckDbBaseline.VERSION)
                .hasMessageContaining("--duckdb-jar");
    }

    /** Reads the baseline's Parquet output back with the DuckDB driver on the test class path. */
    private static Map<String, Long> requestsPerAccount(Path parquet) throws Exception {
        Map<String, Long> result = new HashMap<>();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT account_id, requests FROM read_parquet('"
                        + parquet.toString().replace("'", "''") + "')")) {
            while (rows.next()) {
                result.put(rows.getString(1), rows.getLong(2));
            }
        }
        return result;
    }
}
