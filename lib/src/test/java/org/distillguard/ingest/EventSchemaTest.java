package org.distillguard.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import org.distillguard.testing.GeneratedDocs;
import org.junit.jupiter.api.Test;

class EventSchemaTest {

    static final Path DOCS = Path.of("..", "docs", "events.md");

    @Test
    void givenTheColumns_thenEachIsNamedOnceAndSaysWhatItHolds() {
        assertThat(new HashSet<>(EventSchema.COLUMNS.stream().map(EventSchema.Column::name).toList()))
                .hasSameSizeAs(EventSchema.COLUMNS);
        assertThat(EventSchema.COLUMNS).allSatisfy(column -> assertThat(column.meaning()).as(column.name()).isNotBlank());
        assertThat(EventSchema.SCHEMA.fieldNames()[EventSchema.SCHEMA.size() - 1]).isEqualTo(EventSchema.DATE);
    }

    @Test
    void givenTheCommittedDocs_thenTheyEqualTheGeneratedReference() {
        String generated = EventSchema.markdown();
        GeneratedDocs.check(DOCS, generated, "events", "EventSchemaTest");
        for (EventSchema.Column column : EventSchema.COLUMNS) {
            assertThat(generated).contains("| `" + column.name() + "` | `" + column.type().simpleString() + "` | ");
        }
    }
}
