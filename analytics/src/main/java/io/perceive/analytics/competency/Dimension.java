package io.perceive.analytics.competency;

/** The default competency dimensions (DESIGN.md, Competency model); a lexicon may add others. */
public final class Dimension {
  public static final String COURTESY = "courtesy";
  public static final String COMMUNICATION = "communication";
  public static final String TIMELINESS = "timeliness";
  public static final String RESOLUTION = "resolution";
  public static final String KNOWLEDGE = "knowledge";

  private Dimension() {}
}
