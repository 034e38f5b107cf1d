package io.perceive.analytics.sentiment;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What the combiner sees of a comment: CoreNLP's sentence probabilities aggregated over the
 * comment (weighted by sentence length), the most negative and most positive sentence, the
 * lexicon-and-rules scores, whether the text is a null answer ("Nothing.", "no", "n/a"), and
 * CoreNLP's probabilities averaged over every phrase of each sentence's tree, the share of the
 * comment that asks for something (a wish or suggestion) and how positive CoreNLP reads those
 * parts ("could have been more kind": positive words, a complaint), the mean score of its competency
 * mentions (which reads wishes, counterfactual praise and resolved problems: {@link ClauseCues}),
 * and the {@link WordModel}'s log-odds for the text.
 */
public final class Features {

  /** Names, in order, of the values {@link #of} returns; the combiner file uses them. */
  public static final List<String> NAMES =
      List.of(
          "bias", "core_mean", "core_pos", "core_neg", "core_vpos", "core_vneg", "core_min",
          "core_max", "vader_compound", "vader_pos", "vader_neg", "null_answer", "phrase_mean",
          "phrase_pos", "phrase_neg", "wish", "wish_pos", "competency_mean", "words");

  private static final Pattern NULL_ANSWER =
      Pattern.compile(
          "(?i)^\\W*(?:no+|none|nothing|nil|nope|n/?a|not really|no comments?|nothing (?:at all|really|else|to (?:add|improve|say|report))"
              + "|not a thing|absolutely nothing|no nothing|nothing,? (?:all|everything) (?:good|fine|great)"
              + "|(?:i )?(?:can'?t|cannot) think of anything|no,? (?:nothing|thanks?|thank you))\\W*$");

  private Features() {}

  /** Whether a normalised text is a null answer ("Nothing.", "no", "n/a"). */
  public static boolean isNullAnswer(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.length() > 60) {
      return false;
    }
    return NULL_ANSWER.matcher(t).matches()
        || t.startsWith("nothing") && t.length() <= 40 && !t.contains("but");
  }

  static double[] of(
      List<SentenceAnalysis> sentences, VaderScorer.Result vader, boolean nullAnswer, double words) {
    double weight = 0;
    double mean = 0;
    double pos = 0;
    double neg = 0;
    double vpos = 0;
    double vneg = 0;
    double min = 0;
    double max = 0;
    double phraseMean = 0;
    double phrasePos = 0;
    double phraseNeg = 0;
    double wish = 0;
    double wishPos = 0;
    double mentionSum = 0;
    int mentions = 0;
    boolean first = true;
    for (SentenceAnalysis s : sentences) {
      double w = Math.max(1, Math.min(s.tokens(), SentimentPipeline.MAX_TOKENS));
      weight += w;
      double e = s.expected();
      mean += w * e;
      pos += w * s.positive();
      neg += w * s.negative();
      vpos += w * s.veryPositive();
      vneg += w * s.veryNegative();
      phraseMean += w * s.phraseExpected();
      phrasePos += w * s.phrasePositive();
      phraseNeg += w * s.phraseNegative();
      wish += s.wish() ? w : 0;
      wishPos += s.wish() ? w * s.positive() : 0;
      for (double v : s.competency().values()) {
        mentionSum += v;
        mentions++;
      }
      min = first ? e : Math.min(min, e);
      max = first ? e : Math.max(max, e);
      first = false;
    }
    if (weight > 0) {
      mean /= weight;
      pos /= weight;
      neg /= weight;
      vpos /= weight;
      vneg /= weight;
      phraseMean /= weight;
      phrasePos /= weight;
      phraseNeg /= weight;
      wish /= weight;
      wishPos /= weight;
    }
    return new double[] {
      1, mean, pos, neg, vpos, vneg, min, max, vader.compound(), vader.positive(), vader.negative(),
      nullAnswer ? 1 : 0, phraseMean, phrasePos, phraseNeg, wish, wishPos,
      mentions == 0 ? 0 : mentionSum / mentions, words
    };
  }
}
