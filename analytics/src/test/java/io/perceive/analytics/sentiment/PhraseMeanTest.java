package io.perceive.analytics.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import edu.stanford.nlp.ling.CoreLabel;
import edu.stanford.nlp.neural.rnn.RNNCoreAnnotations;
import edu.stanford.nlp.trees.LabeledScoredTreeNode;
import edu.stanford.nlp.trees.Tree;
import java.util.List;
import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The phrase mean the combiner reads: over the phrases of a tree, not its words. */
@Timeout(10)
class PhraseMeanTest {

  @Test
  void averagesThePhrasesAndLeavesOutTheWords() {
    // (S (NP (DT the) (NN fix)) (VP (VBD was) (JJ quick))), words read as very negative so that
    // counting them would show.
    Tree the = preTerminal("the", 1, 0, 0, 0, 0);
    Tree fix = preTerminal("fix", 1, 0, 0, 0, 0);
    Tree was = preTerminal("was", 1, 0, 0, 0, 0);
    Tree quick = preTerminal("quick", 1, 0, 0, 0, 0);
    Tree np = node(List.of(the, fix), 0, 0, 1, 0, 0);
    Tree vp = node(List.of(was, quick), 0, 0, 0, 1, 0);
    Tree s = node(List.of(np, vp), 0, 0, 0, 0.5, 0.5);

    double[] mean = SentimentPipeline.phraseMean(s);

    assertThat(mean[0]).isZero();
    assertThat(mean[2]).isCloseTo(1 / 3.0, offset(1e-9));
    assertThat(mean[3]).isCloseTo(1.5 / 3, offset(1e-9));
    assertThat(mean[4]).isCloseTo(0.5 / 3, offset(1e-9));
  }

  @Test
  void aTreeWithoutPhrasesFallsBackToItsRootAndNoTreeIsNeutral() {
    Tree word = preTerminal("thanks", 0, 0, 0, 0.2, 0.8);
    assertThat(SentimentPipeline.phraseMean(word)).containsExactly(0, 0, 0, 0.2, 0.8);
    assertThat(SentimentPipeline.phraseMean(null)).containsExactly(0, 0, 1, 0, 0);
  }

  private static Tree preTerminal(String word, double... p) {
    Tree leaf = new LabeledScoredTreeNode(label(word));
    return node(List.of(leaf), p);
  }

  private static Tree node(List<Tree> children, double... p) {
    CoreLabel label = label("X");
    SimpleMatrix m = new SimpleMatrix(5, 1);
    for (int i = 0; i < 5; i++) {
      m.set(i, 0, p[i]);
    }
    label.set(RNNCoreAnnotations.Predictions.class, m);
    return new LabeledScoredTreeNode(label, children);
  }

  private static CoreLabel label(String value) {
    CoreLabel l = new CoreLabel();
    l.setValue(value);
    return l;
  }
}
