package org.distillguard.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

class EventSchemaTest {

    static final Path DOCS = Path.of("..", "docs", "events.md");

    @Test
    void givenTheColumns_thenEachIsNamedOnceAndSaysWhatItHolds() {
        assertThat(new HashSet<>(EventSchema.COLUMNS.stream().map(EventSchema.Column::name).toList()))
                .hasSameSizeAs(EventSchema.COLUMNS);
        assertThat(EventSchema.COLUMNS).allSatisfy(column -> assertThat(column.meaning()).as(column.name()).isNotBlank());
        assertThat(EventSchema.SCHEMA.fieldNames())
                .containsExactlyElementsOf(EventSchema.COLUMNS.stream().map(EventSchema.Column::name).toList());
        assertThat(EventSchema.SCHEMA.fieldNames()[EventSchema.SCHEMA.size() - 1]).isEqualTo(EventSchema.DATE);
    }

    @Test
    void givenTheCommittedDocs_thenTheyEqualTheGeneratedReference() throws IOException {
        String generated = EventSchema.markdown();
        if ("events".equals(System.getProperty("distillguard.regenerate"))) {
            Files.writeString(DOCS, generated, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(DOCS, StandardCharsets.UTF_8))
                .as("docs/events.md drifted from EventSchema; regenerate with "
                        + "mvn -B -q -o -pl lib test -Dtest=EventSchemaTest -Ddistillguard.regenerate=events")
                .isEqualTo(generated);
        for (EventSchema.Column column : EventSchema.COLUMNS) {
            assertThat(generated).contains("| `" + column.name() + "` | `" + column.type().simpleString() + "` | ");
        }
    }
}
