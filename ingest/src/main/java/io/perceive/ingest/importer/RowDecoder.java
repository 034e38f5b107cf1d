package io.perceive.ingest.importer;

/** Turns numbered lines into rows. */
interface RowDecoder {

  /** One line of the file. Throws BadInputException when the file as a whole is unusable (a bad header). */
  void line(long number, String text, RowSink sink);

  /** A line longer than the reader keeps. */
  void tooLong(long number, RowSink sink);

  /** End of input: anything still open is reported. */
  void end(RowSink sink);
}
