package io.perceive.analytics.evaluation;

import edu.stanford.nlp.ling.CoreAnnotations;
import edu.stanford.nlp.neural.rnn.RNNCoreAnnotations;
import edu.stanford.nlp.pipeline.Annotation;
import edu.stanford.nlp.pipeline.StanfordCoreNLP;
import edu.stanford.nlp.sentiment.SentimentCoreAnnotations;
import edu.stanford.nlp.trees.Tree;
import edu.stanford.nlp.util.CoreMap;
import io.perceive.analytics.sentiment.CommentScore;
import java.util.List;
import java.util.Properties;

/**
 * The naive way to use CoreNLP for comment sentiment, the baseline of the evaluation: the
 * default pipeline (PCFG parser, dependency graphs), one comment at a time on one thread, the
 * sentence class probabilities averaged over the comment. Needs the full {@code models} jar
 * (englishPCFG.ser.gz), which is on the test classpath but not in the analytics jar.
 */
final class NaiveBaseline {

  /** Label, score in [-1, 1]. */
  record Result(String label, double score) {}

  private final StanfordCoreNLP pipeline;

  NaiveBaseline() {
    Properties p = new Properties();
    p.setProperty("annotators", "tokenize,ssplit,pos,parse,sentiment");
    this.pipeline = new StanfordCoreNLP(p);
  }

  Result score(String text) {
    Annotation doc = new Annotation(text == null ? "" : text);
    pipeline.annotate(doc);
    List<CoreMap> sentences = doc.get(CoreAnnotations.SentencesAnnotation.class);
    double[] mean = new double[5];
    int n = 0;
    for (CoreMap s : sentences) {
      Tree tree = s.get(SentimentCoreAnnotations.SentimentAnnotatedTree.class);
      List<Double> p = tree == null ? null : RNNCoreAnnotations.getPredictionsAsStringList(tree);
      if (p == null || p.size() != 5) {
        continue;
      }
      for (int i = 0; i < 5; i++) {
        mean[i] += p.get(i);
      }
      n++;
    }
    if (n == 0) {
      return new Result(CommentScore.NEUTRAL, 0);
    }
    for (int i = 0; i < 5; i++) {
      mean[i] /= n;
    }
    double neg = mean[0] + mean[1];
    double pos = mean[3] + mean[4];
    String label =
        neg > pos && neg > mean[2]
            ? CommentScore.NEGATIVE
            : pos > neg && pos > mean[2] ? CommentScore.POSITIVE : CommentScore.NEUTRAL;
    return new Result(label, -mean[0] - 0.5 * mean[1] + 0.5 * mean[3] + mean[4]);
  }
}
