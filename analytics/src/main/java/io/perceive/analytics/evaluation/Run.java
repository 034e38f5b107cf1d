package io.perceive.analytics.evaluation;

import java.util.function.Consumer;

/** What every part of one evaluation run tells: progress as it goes, and the report it builds. */
record Run(Consumer<String> progress, StringBuilder report) {}
