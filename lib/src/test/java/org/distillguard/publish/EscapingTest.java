package org.distillguard.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Attacker-controlled text on its way into an analyst's browser or spreadsheet. */
class EscapingTest {

    @Test
    void givenScriptAndEventHandlerPayloads_whenHtmlEscaped_thenNoTagOrAttributeCanBeFormed() {
        assertThat(HtmlEscape.text("<script>alert(1)</script>")).isEqualTo("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(HtmlEscape.text("\" onerror=\"alert(1)")).isEqualTo("&quot; onerror=&quot;alert(1)");
        assertThat(HtmlEscape.text("' onmouseover='x' `y`")).isEqualTo("&#39; onmouseover=&#39;x&#39; &#96;y&#96;");
        assertThat(HtmlEscape.text("<img src=x onerror=alert(1)>")).doesNotContain("<").doesNotContain(">");
        assertThat(HtmlEscape.text("<a href=\"javascript:alert(1)\">x</a>")).isEqualTo(
                "&lt;a href=&quot;javascript:alert(1)&quot;&gt;x&lt;/a&gt;");
        assertThat(HtmlEscape.text("&lt;already&gt;")).isEqualTo("&amp;lt;already&amp;gt;");
    }

    @Test
    void givenControlCharactersAndNull_whenHtmlEscaped_thenReplacedOrEmpty() {
        assertThat(HtmlEscape.text(null)).isEmpty();
        assertThat(HtmlEscape.text("a\u0000b\u001bc\u2028d")).isEqualTo("a\uFFFDb\uFFFDc\uFFFDd");
        assertThat(HtmlEscape.text("line\nnext\ttab")).isEqualTo("line\nnext\ttab");
        assertThat(HtmlEscape.text("plain account-42")).isSameAs("plain account-42".intern());
    }

    @Test
    void givenFormulaPrefixes_whenCsvCellWritten_thenALeadingApostropheDisarmsThem() {
        assertThat(CsvCells.cell("=HYPERLINK(\"http://evil.example\",\"x\")"))
                .isEqualTo("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"");
        assertThat(CsvCells.cell("+cmd|' /C calc'!A0")).isEqualTo("\"'+cmd|' /C calc'!A0\"");
        assertThat(CsvCells.cell("-2+3")).isEqualTo("\"'-2+3\"");
        assertThat(CsvCells.cell("@SUM(A1:A9)")).isEqualTo("\"'@SUM(A1:A9)\"");
        assertThat(CsvCells.cell("\t=1+1")).isEqualTo("\"'\t=1+1\"");
        assertThat(CsvCells.cell("\r=1+1")).isEqualTo("\"'\r=1+1\"");
        assertThat(CsvCells.neutralize("=1")).isEqualTo("'=1");
    }

    @Test
    void givenSeparatorsQuotesAndLineBreaks_whenCsvCellWritten_thenQuotedPerRfc4180() {
        assertThat(CsvCells.cell("plain")).isEqualTo("plain");
        assertThat(CsvCells.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(CsvCells.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(CsvCells.cell("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(CsvCells.cell(" padded ")).isEqualTo("\" padded \"");
        assertThat(CsvCells.cell(null)).isEmpty();
        assertThat(CsvCells.cell("<script>x</script>")).isEqualTo("<script>x</script>");
        assertThat(CsvCells.row(List.of("a", "=b", "c,d"))).isEqualTo("a,\"'=b\",\"c,d\"\r\n");
    }
}
