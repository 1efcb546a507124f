package org.distillguard.features;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CaseFoldTest {

    @Test
    void givenEveryUtf16CodeUnit_thenTheTableAgreesWithTheJdk() {
        int differences = 0;
        int changed = 0;
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            char expected = Character.toLowerCase((char) c);
            differences += CaseFold.lower((char) c) == expected ? 0 : 1;
            changed += expected != c ? 1 : 0;
        }
        assertThat(differences).isZero();
        assertThat(changed).isGreaterThan(1_000); // the table folds more than ASCII
        assertThat(CaseFold.lower('\u212A')).isEqualTo('k');
        assertThat(CaseFold.lower('Σ')).isEqualTo('σ');
    }
}
