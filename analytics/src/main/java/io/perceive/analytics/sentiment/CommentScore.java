package io.perceive.analytics.sentiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sentiment and perceived competency read from one comment.
 *
 * @param score sentiment in [-1, 1]
 * @param label negative, neutral or positive
 * @param probabilities probability of each label, summing to 1
 * @param competency only the dimensions the text speaks about, each in [-1, 1]
 * @param language ISO 639-1 code of the detected language; only "en" is scored, other
 *     languages get score 0, label neutral, no competency and no sentences
 * @param sentences the sentences with their own scores
 * @param confidence for each dimension of {@code competency} that survey data covers, how sure
 *     the mention is, in [0, 1] ({@link io.perceive.analytics.competency.MentionConfidence})
 */
public record CommentScore(
    double score,
    String label,
    Map<String, Double> probabilities,
    Map<String, Double> competency,
    String language,
    List<SentenceScore> sentences,
    Map<String, Double> confidence) {

  public static final String NEGATIVE = "negative";
  public static final String NEUTRAL = "neutral";
  public static final String POSITIVE = "positive";

  public CommentScore {
    probabilities = Map.copyOf(probabilities);
    competency = Map.copyOf(competency);
    sentences = List.copyOf(sentences);
    confidence = Map.copyOf(confidence);
  }

  public CommentScore(
      double score,
      String label,
      Map<String, Double> probabilities,
      Map<String, Double> competency,
      String language,
      List<SentenceScore> sentences) {
    this(score, label, probabilities, competency, language, sentences, Map.of());
  }

  /** The score of a text that is empty or not in a scored language. */
  public static CommentScore unscored(String language) {
    return new CommentScore(
        0.0, NEUTRAL, Map.of(NEGATIVE, 0.0, NEUTRAL, 1.0, POSITIVE, 0.0), Map.of(), language, List.of());
  }

  /**
   * The JSON shape of the {@code score} contract without the id, as plain ordered maps and
   * lists (feed it to Jackson or Vert.x's {@code JsonObject}): {@code {"sentiment": {"score",
   * "label", "probabilities"}, "competency", "confidence", "language", "sentences"}}.
   */
  public Map<String, Object> toContract() {
    Map<String, Object> sentiment = new LinkedHashMap<>();
    sentiment.put("score", Scores.round(score));
    sentiment.put("label", label);
    Map<String, Object> p = new LinkedHashMap<>();
    for (String l : List.of(NEGATIVE, NEUTRAL, POSITIVE)) {
      p.put(l, Scores.round(probabilities.getOrDefault(l, 0.0)));
    }
    sentiment.put("probabilities", p);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sentiment", sentiment);
    m.put("competency", Scores.sortedRounded(competency));
    m.put("confidence", Scores.sortedRounded(confidence));
    m.put("language", language);
    List<Object> s = new ArrayList<>(sentences.size());
    for (SentenceScore sentence : sentences) {
      s.add(sentence.toContract());
    }
    m.put("sentences", s);
    return m;
  }
}
