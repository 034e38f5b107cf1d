package io.perceive.analytics.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class CombinerTest {

  private static double[] row(double mean, double compound) {
    double[] x = new double[Features.NAMES.size()];
    x[0] = 1;
    x[Features.NAMES.indexOf("core_mean")] = mean;
    x[Features.NAMES.indexOf("vader_compound")] = compound;
    return x;
  }

  @Test
  void fitLearnsSeparableClasses() {
    Random random = new Random(7);
    int n = 600;
    double[][] x = new double[n][];
    int[] y = new int[n];
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      int c = i % 3;
      double centre = c - 1;
      x[i] = row(centre * 0.6 + random.nextGaussian() * 0.1, centre * 0.8 + random.nextGaussian() * 0.1);
      y[i] = c;
      w[i] = 1;
    }
    Combiner combiner = Combiner.fit(x, y, w, 1e-4, 1500);
    assertThat(argmax(combiner.predict(row(-0.6, -0.8)))).isEqualTo(0);
    assertThat(argmax(combiner.predict(row(0, 0)))).isEqualTo(1);
    assertThat(argmax(combiner.predict(row(0.6, 0.8)))).isEqualTo(2);
  }

  @Test
  void writtenWeightsReadBackTheSame() throws Exception {
    Combiner shipped = Combiner.load();
    StringWriter out = new StringWriter();
    shipped.write(out, "test");
    Combiner read = Combiner.read(new BufferedReader(new StringReader(out.toString())));
    double[] x = row(0.3, -0.2);
    assertThat(read.predict(x)[0]).isCloseTo(shipped.predict(x)[0], org.assertj.core.data.Offset.offset(1e-5));
  }

  @Test
  void probabilitiesSumToOne() {
    double[] p = Combiner.load().predict(row(0.9, 0.9));
    assertThat(Arrays.stream(p).sum()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void rejectsAFileWithOtherFeatures() {
    String bad = "class\tbias\tsomething\nnegative\t0\t0\n";
    assertThatThrownBy(() -> Combiner.read(new BufferedReader(new StringReader(bad))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static int argmax(double[] p) {
    int best = 0;
    for (int i = 1; i < p.length; i++) {
      if (p[i] > p[best]) {
        best = i;
      }
    }
    return best;
  }
}
