package org.distillguard.simulate;

import java.util.List;
import java.util.Locale;

/**
 * Chain-of-thought elicitation phrases in the languages reasoning harvesters use, and the markers that recognise
 * them. One list for the generator and for {@link SimulatorStatistics}, so the statistics measure what was planted.
 */
public final class ReasoningPhrases {

    /** A language code, the elicitation sentence a harvester appends and the marker that identifies it. */
    public record Phrase(String language, String sentence, String marker) {
    }

    public static final List<Phrase> HARVESTER_PHRASES = List.of(
            new Phrase("en", "Think step by step and show your full reasoning before the final answer.", "step by step"),
            new Phrase("zh", "请一步一步地思考，并写出你完整的推理过程，最后给出答案。", "一步一步"),
            new Phrase("es", "Piensa paso a paso y muestra todo tu razonamiento antes de la respuesta final.", "paso a paso"),
            new Phrase("fr", "Réfléchis étape par étape et montre tout ton raisonnement avant la réponse finale.", "étape par étape"),
            new Phrase("de", "Denke Schritt für Schritt nach und zeige deine vollständige Begründung vor der Antwort.", "schritt für schritt"),
            new Phrase("ru", "Рассуждай шаг за шагом и покажи всё своё рассуждение перед окончательным ответом.", "шаг за шагом"),
            new Phrase("ja", "ステップバイステップで考え、最終的な答えの前に推論の過程をすべて示してください。", "ステップバイステップ"),
            new Phrase("ko", "단계별로 생각하고 최종 답변 전에 전체 추론 과정을 보여 주세요.", "단계별로"),
            new Phrase("pt", "Pense passo a passo e mostre todo o seu raciocínio antes da resposta final.", "passo a passo"));

    /** What legitimate researchers write; it shares the English marker on purpose (a hard negative). */
    public static final List<String> RESEARCH_PHRASES = List.of(
            "Let's think step by step.",
            "Explain your reasoning step by step, then state the answer.",
            "Reason carefully and show your work.");

    private static final List<String> EXTRA_MARKERS = List.of("show your work", "show your full reasoning", "reason carefully");

    private ReasoningPhrases() {
    }

    /** Whether a prompt asks for the model's reasoning in any of the known languages. */
    public static boolean elicitsReasoning(String prompt) {
        String lower = prompt.toLowerCase(Locale.ROOT);
        for (Phrase phrase : HARVESTER_PHRASES) {
            if (lower.contains(phrase.marker())) {
                return true;
            }
        }
        for (String marker : EXTRA_MARKERS) {
            if (lower.contains(marker)) {
                return true;
            }
        }
        return false;
    }

    /** The language code of the first marker found, or empty when none is. */
    public static String languageOf(String prompt) {
        String lower = prompt.toLowerCase(Locale.ROOT);
        for (Phrase phrase : HARVESTER_PHRASES) {
            if (lower.contains(phrase.marker())) {
                return phrase.language();
            }
        }
        return "";
    }
}
