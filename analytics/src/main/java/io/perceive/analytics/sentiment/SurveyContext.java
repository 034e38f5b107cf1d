package io.perceive.analytics.sentiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a comment in the context of its survey: the rating the customer gave and the question
 * the comment answers. A multinomial logistic regression ({@link Combiner} over {@link #NAMES},
 * resource {@code survey_context.tsv}) takes the text's own probabilities (as log-odds against
 * neutral), the rating, the kind of question, a null answer ("Nothing.") by kind of question,
 * and how the comment's parts disagree: praise of one competency dimension next to criticism of
 * another, positive next to negative sentences, and by how much ("Friendly staff but I waited
 * three hours" is the survey's mixed middle), and what the {@link SurveyWords} read from the
 * answer's words. Its weights are fitted on survey answers with their ratings and questions
 * ({@code perceive evaluate --fit}; the files say on which rows). Without a rating and a
 * question the text's probabilities are left as they are. Immutable and thread-safe.
 */
public final class SurveyContext {

  /** The kind of question a comment answers. */
  public enum QuestionKind {
    IMPROVEMENT,
    PRAISE,
    BOTH,
    OTHER
  }

  /** The model's own inputs; what the text combiner read follows them. */
  private static final List<String> OWN =
      List.of(
          "bias", "text_neg", "text_pos", "rating_1", "rating_2", "rating_3", "rating_4",
          "rating_5", "rating_none", "q_improvement", "q_praise", "q_both", "q_other",
          "null_answer", "null_improvement", "null_praise", "text_neg_improvement",
          "text_pos_improvement", "text_neg_praise", "text_pos_praise", "dimension_best",
          "dimension_worst", "dimensions_mixed", "sentences_pos", "sentences_neg",
          "sentences_mixed", "contrast", "sentences", "good_rating_text_neg",
          "good_rating_text_pos", "poor_rating_text_neg", "poor_rating_text_pos",
          "middle_rating_text_neg", "middle_rating_text_pos", "text_entropy", "text_decided",
          "words_neg", "words_neu", "words_pos", "sentence_best", "sentence_worst",
          "sentences_opposed", "sentence_range", "dimensions_opposed");

  /** Names, in order, of the values {@link #features} returns; the model file uses them. */
  public static final List<String> NAMES = names();

  private static List<String> names() {
    List<String> n = new ArrayList<>(OWN);
    for (String f : Features.NAMES.subList(1, Features.NAMES.size())) {
      n.add("text_" + f);
    }
    return List.copyOf(n);
  }

  /** Competency scores beyond this distance of 0 count as praise or criticism of a dimension. */
  static final double MENTION_SIGN = 0.1;

  private static final double LOG_ODDS_LIMIT = 8;

  /** A turn within the comment: "friendly staff but I waited three hours". */
  private static final Pattern CONTRAST =
      Pattern.compile("(?i)\\b(but|however|although|though|apart from|except|other than|whereas)\\b");

  private static final Pattern IMPROVEMENT =
      Pattern.compile(
          "(?i)\\b(improve\\w*|better|differently|change|wrong|dislike|least|disappoint\\w*"
              + "|dissatisf\\w*|could we|should we|suggest\\w*|problems?|complain\\w*|missing"
              + "|lacking|worse)\\b");
  private static final Pattern PRAISE =
      Pattern.compile(
          "(?i)\\b((did|went|do|done) (well|right|good)|like (most|best|about)|best|good|positive"
              + "|enjoy\\w*|pleased|praise|happy with|impress\\w*|satisfied)\\b");

  private static final double[] NOTHING_GOOD = {0.70, 0.25, 0.05};

  private final Combiner model;
  private final SurveyWords words;

  SurveyContext(Combiner model, SurveyWords words) {
    this.model = model;
    this.words = words;
  }

  /** The shipped model. */
  public static SurveyContext load() {
    return new SurveyContext(
        Resources.read("survey_context.tsv", r -> Combiner.read(r, NAMES, "survey_context.tsv")),
        SurveyWords.load());
  }

  /** A model of the given weights and survey words (fitted by the evaluation). */
  public static SurveyContext of(Combiner model, SurveyWords words) {
    return new SurveyContext(model, words);
  }

  /** The weights, to write them. */
  public Combiner model() {
    return model;
  }

  /** The survey words it reads, to write them. */
  public SurveyWords words() {
    return words;
  }

  public static QuestionKind kind(String question) {
    if (question == null || question.isBlank()) {
      return QuestionKind.OTHER;
    }
    boolean improvement = IMPROVEMENT.matcher(question).find();
    boolean praise = PRAISE.matcher(question).find();
    if (improvement && praise) {
      return QuestionKind.BOTH;
    }
    if (improvement) {
      return QuestionKind.IMPROVEMENT;
    }
    return praise ? QuestionKind.PRAISE : QuestionKind.OTHER;
  }

  /**
   * The label probabilities (negative, neutral, positive) of a comment in its context; the text's
   * own where there is neither a rating nor a question.
   *
   * @param comment the comment's text
   * @param text the comment's score read from its text alone
   * @param textFeatures what the text combiner read ({@link Features#NAMES})
   * @param rating the survey rating, 1-5 with 5 best, or null
   * @param question the question the comment answers, or null
   */
  double[] apply(String comment, CommentScore text, double[] textFeatures, Integer rating, String question) {
    double[] p = probabilities(text);
    if (rating == null && (question == null || question.isBlank())) {
      return p;
    }
    // "Nothing." to "what was good?" is no praise. The survey data has too few such answers
    // to fit (its null answers reply to improvement questions), so this one case is set by hand.
    if (textFeatures[Features.NAMES.indexOf("null_answer")] > 0 && kind(question) == QuestionKind.PRAISE) {
      return NOTHING_GOOD.clone();
    }
    return model.probabilities(features(text, textFeatures, words.scores(comment), rating, question));
  }

  /** The text's probabilities of negative, neutral, positive. */
  public static double[] probabilities(CommentScore text) {
    Map<String, Double> p = text.probabilities();
    return new double[] {
      p.getOrDefault(CommentScore.NEGATIVE, 0.0),
      p.getOrDefault(CommentScore.NEUTRAL, 1.0),
      p.getOrDefault(CommentScore.POSITIVE, 0.0)
    };
  }

  /**
   * The model's input, in {@link #NAMES} order.
   *
   * @param words the comment's {@link SurveyWords#scores}
   */
  public static double[] features(
      CommentScore text, double[] textFeatures, double[] words, Integer rating, String question) {
    if (rating != null && (rating < 1 || rating > 5)) {
      throw new IllegalArgumentException("rating must be 1-5, was " + rating);
    }
    boolean nullAnswer = textFeatures[Features.NAMES.indexOf("null_answer")] > 0;
    double[] p = probabilities(text);
    double neg = logOdds(p[0], p[1]);
    double pos = logOdds(p[2], p[1]);
    boolean asked = question != null && !question.isBlank();
    QuestionKind kind = asked ? kind(question) : null;
    boolean improvement = kind == QuestionKind.IMPROVEMENT;
    boolean praise = kind == QuestionKind.PRAISE;
    double best = 0;
    double worst = 0;
    for (double v : text.competency().values()) {
      best = Math.max(best, v);
      worst = Math.max(worst, -v);
    }
    int positive = 0;
    int negative = 0;
    boolean contrast = false;
    double sentenceBest = text.sentences().isEmpty() ? 0 : -1;
    double sentenceWorst = text.sentences().isEmpty() ? 0 : 1;
    for (SentenceScore s : text.sentences()) {
      positive += CommentScore.POSITIVE.equals(s.label()) ? 1 : 0;
      negative += CommentScore.NEGATIVE.equals(s.label()) ? 1 : 0;
      contrast |= CONTRAST.matcher(s.text()).find();
      sentenceBest = Math.max(sentenceBest, s.score());
      sentenceWorst = Math.min(sentenceWorst, s.score());
    }
    int n = Math.max(1, text.sentences().size());
    double[] x = new double[NAMES.size()];
    x[0] = 1;
    x[1] = neg;
    x[2] = pos;
    x[rating == null ? 8 : 2 + rating] = 1;
    if (kind != null) {
      x[9 + kind.ordinal()] = 1;
    }
    x[13] = nullAnswer ? 1 : 0;
    x[14] = nullAnswer && improvement ? 1 : 0;
    x[15] = nullAnswer && praise ? 1 : 0;
    x[16] = improvement ? neg : 0;
    x[17] = improvement ? pos : 0;
    x[18] = praise ? neg : 0;
    x[19] = praise ? pos : 0;
    x[20] = best;
    x[21] = worst;
    x[22] = best > MENTION_SIGN && worst > MENTION_SIGN ? 1 : 0;
    x[23] = positive / (double) n;
    x[24] = negative / (double) n;
    x[25] = positive > 0 && negative > 0 ? 1 : 0;
    x[26] = contrast ? 1 : 0;
    x[27] = Math.log(1 + text.sentences().size());
    // Where rating and wording disagree ("5, but the wait was awful") the answer is often mixed.
    boolean good = rating != null && rating >= 4;
    boolean poor = rating != null && rating <= 2;
    boolean middle = rating != null && rating == 3;
    x[28] = good ? neg : 0;
    x[29] = good ? pos : 0;
    x[30] = poor ? neg : 0;
    x[31] = poor ? pos : 0;
    x[32] = middle ? neg : 0;
    x[33] = middle ? pos : 0;
    x[34] = entropy(neg, pos);
    x[35] = Math.abs(pos - neg);
    x[36] = words[0];
    x[37] = words[1];
    x[38] = words[2];
    // The mixed middle by degree: how far the best sentence praises and the worst criticises,
    // and the same for the competency dimensions.
    x[39] = sentenceBest;
    x[40] = sentenceWorst;
    x[41] = Math.max(sentenceBest, 0) * Math.max(-sentenceWorst, 0);
    x[42] = sentenceBest - sentenceWorst;
    x[43] = best * worst;
    System.arraycopy(textFeatures, 1, x, OWN.size(), textFeatures.length - 1);
    return x;
  }

  /** Entropy of the text's three probabilities, from their log-odds against neutral. */
  private static double entropy(double neg, double pos) {
    double[] e = {Math.exp(neg), 1, Math.exp(pos)};
    double sum = e[0] + e[1] + e[2];
    double h = 0;
    for (double v : e) {
      double p = v / sum;
      h -= p * Math.log(p + 1e-12);
    }
    return h;
  }

  private static double logOdds(double a, double b) {
    double v = Math.log(Math.max(a, 1e-6) / Math.max(b, 1e-6));
    return Math.max(-LOG_ODDS_LIMIT, Math.min(LOG_ODDS_LIMIT, v));
  }
}
