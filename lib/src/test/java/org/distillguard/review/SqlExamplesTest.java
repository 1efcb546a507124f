package org.distillguard.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.distillguard.nightly.Warehouse;
import org.distillguard.testing.SparkTestSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ten investigations of notebooks-data/README.md, read out of the README and run against a small warehouse. */
class SqlExamplesTest {

    private static final Pattern EXAMPLE = Pattern.compile(
            "<!-- expect: ([^>]*) -->\\s*```sql\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    static Path folder;

    private static SparkSession spark;
    private static List<String> views;
    private static Path root;

    record Example(List<String> columns, String query) {}

    @BeforeAll
    static void registerViews() {
        spark = SparkTestSession.get();
        root = ReviewFixture.build(spark, folder);
        VerdictStore store = new VerdictStore(root);
        store.append(new Verdict(ReviewFixture.LONE, VerdictLabel.DISTILL, "ana", Instant.now(), "first look", null, null, null));
        store.append(new Verdict(ReviewFixture.LONE, VerdictLabel.BENIGN, "ana", Instant.now(), "a research lab", null, 0.72, "gb"));
        Warehouse warehouse = ReviewFixture.warehouse(root);
        List<String> warnings = new ArrayList<>();
        views = SqlViews.register(spark, warehouse, warnings);
        assertThat(warnings).isEmpty();
    }

    static List<Example> examples() throws Exception {
        String readme = Files.readString(Path.of("..", "notebooks-data", "README.md"), StandardCharsets.UTF_8);
        List<Example> examples = new ArrayList<>();
        Matcher matcher = EXAMPLE.matcher(readme);
        while (matcher.find()) {
            examples.add(new Example(Arrays.stream(matcher.group(1).split(",")).map(String::strip).toList(), matcher.group(2)));
        }
        return examples;
    }

    @Test
    void givenTheWarehouse_whenRegistered_thenEveryPublishedTableIsAView() {
        assertThat(views).contains("events", "quarantine", "features", "account_day_evidence", "clusters", "scores",
                "verdicts", "labels");
    }

    @Test
    void givenTheReadme_whenEachExampleRuns_thenItReturnsTheDocumentedColumnsAndRows() throws Exception {
        List<Example> examples = examples();
        assertThat(examples).hasSize(10);
        for (int i = 0; i < examples.size(); i++) {
            Example example = examples.get(i);
            Dataset<Row> result = spark.sql(example.query());
            assertThat(result.columns()).as("columns of example %d", i + 1).containsExactlyElementsOf(example.columns());
            assertThat(result.limit(5).collectAsList()).as("rows of example %d", i + 1).isNotEmpty();
        }
    }

    @Test
    void givenAWarehouseReachableOnlyThroughHadoop_whenRegistered_thenTheViewsMatchTheLocalOnesWithItsVerdictFiles()
            throws Exception {
        org.apache.hadoop.conf.Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        Path copy = folder.resolve("mounted");
        org.apache.commons.io.FileUtils.copyDirectory(root.toFile(), copy.toFile());
        try (org.distillguard.testing.HadoopMount mount = org.distillguard.testing.HadoopMount.of(hadoop, copy)) {
            new VerdictStore(mount.root(), hadoop).append(new Verdict(ReviewFixture.LONE, VerdictLabel.DISTILL, "bo",
                    Instant.now(), "recorded on the cluster's store", null, 0.9, "gb"));
            List<String> warnings = new ArrayList<>();
            List<String> mounted = SqlViews.register(spark, new Warehouse(mount.root(), hadoop), warnings);

            assertThat(warnings).isEmpty();
            assertThat(mounted).containsExactlyInAnyOrderElementsOf(views);
            // The columns Spark's JSON reader gave when the views were read from verdicts.jsonl: names sorted.
            assertThat(spark.table("verdicts").schema().fieldNames()).containsExactly("account_id", "analyst", "date",
                    "label", "model_id", "note", "score", "time");
            assertThat(spark.table("labels").schema().apply("score").dataType())
                    .isEqualTo(org.apache.spark.sql.types.DataTypes.DoubleType);
            assertThat(spark.sql("SELECT count(*) FROM scores").first().getLong(0)).isPositive();
            assertThat(spark.sql("SELECT note FROM verdicts").collectAsList()).extracting(row -> row.getString(0))
                    .containsExactly("first look", "a research lab", "recorded on the cluster's store");
            assertThat(spark.sql("SELECT analyst, label, score FROM labels").collectAsList())
                    .extracting(Row::toString).containsExactly("[bo,distill,0.9]");

            java.nio.file.Files.writeString(copy.resolve("labels/verdicts/20261125T090030.000000000Z-0000000000000000.json"),
                    "{not json\n");
            List<String> afterDamage = SqlViews.register(spark, new Warehouse(mount.root(), hadoop), warnings);
            assertThat(afterDamage).contains("scores").doesNotContain("verdicts", "labels");
            assertThat(warnings).singleElement().asString().startsWith("no verdicts or labels view: ")
                    .contains("20261125T090030.000000000Z-0000000000000000.json: line 1 is not a verdict");
            assertThat(spark.catalog().tableExists("verdicts")).isFalse();
            assertThat(spark.catalog().tableExists("labels")).isFalse();
            assertThat(spark.sql("SELECT count(*) FROM scores").first().getLong(0)).isPositive();
        } finally {
            views = SqlViews.register(spark, ReviewFixture.warehouse(root), new ArrayList<>());
        }
    }

    @Test
    void givenHostileCells_whenPrintedOrWritten_thenTerminalAndSpreadsheetAreSafe() throws Exception {
        Dataset<Row> result = spark.sql("SELECT '=HYPERLINK(1)' AS a, concat('x', char(27), '[31m') AS b");
        assertThat(SqlViews.table(result, 5)).contains("=HYPERLINK(1)", "x?[31m").doesNotContain("\u001b");
        Path csv = folder.resolve("out.csv");
        assertThat(SqlViews.writeCsv(result, 5, csv)).isEqualTo(1);
        assertThat(Files.readString(csv)).isEqualTo("a,b\r\n\"'=HYPERLINK(1)\",x\u001b[31m\r\n");
    }
}
