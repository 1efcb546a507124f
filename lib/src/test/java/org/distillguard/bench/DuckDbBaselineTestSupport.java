package org.distillguard.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/** Reads the baseline's Parquet output back with the DuckDB driver on the test class path. */
final class DuckDbBaselineTestSupport {

    private DuckDbBaselineTestSupport() {}

    static Map<String, Long> requestsPerAccount(Path parquet) throws Exception {
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
