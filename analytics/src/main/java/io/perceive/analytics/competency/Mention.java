package io.perceive.analytics.competency;

/**
 * A term of the competency lexicon found in a sentence.
 *
 * @param dimension the competency dimension the term speaks about
 * @param start index of the first token
 * @param end index after the last token
 * @param prior the term's own polarity (-1, 0 or 1), used when its phrase carries no sentiment
 * @param term the lexicon's term as written there ("communicat*", "took <n> weeks")
 */
public record Mention(String dimension, int start, int end, int prior, String term) {}
