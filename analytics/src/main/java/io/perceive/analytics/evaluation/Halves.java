package io.perceive.analytics.evaluation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The two halves of every labelled set: a row is held out (figures are computed on it) or in the
 * fit half (models are fitted on it), by a hash of its set and id, so a run is repeatable.
 */
final class Halves {

  private Halves() {}

  static boolean isHeldOut(DataSet set, LabelledText row) {
    return hash(set.name() + "/" + row.id()) % 2 == 1;
  }

  static long hash(String s) {
    CRC32 crc = new CRC32();
    crc.update(s.getBytes(StandardCharsets.UTF_8));
    return crc.getValue();
  }

  /** Up to limit held-out rows, each label in its share, in a fixed hash order. */
  static List<LabelledText> sample(DataSet set, int limit) {
    List<LabelledText> held = new ArrayList<>();
    for (LabelledText row : set.rows()) {
      if (isHeldOut(set, row)) {
        held.add(row);
      }
    }
    if (held.size() <= limit) {
      return held;
    }
    held.sort(Comparator.comparingLong(r -> hash("sample/" + set.name() + "/" + r.id())));
    Map<String, List<LabelledText>> byLabel = new LinkedHashMap<>();
    for (LabelledText row : held) {
      byLabel.computeIfAbsent(String.valueOf(row.label()), k -> new ArrayList<>()).add(row);
    }
    List<LabelledText> out = new ArrayList<>();
    for (List<LabelledText> group : byLabel.values()) {
      int take = (int) Math.round(limit * group.size() / (double) held.size());
      out.addAll(group.subList(0, Math.min(take, group.size())));
    }
    return out;
  }
}
