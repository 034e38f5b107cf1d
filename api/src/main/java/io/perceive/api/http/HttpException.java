package io.perceive.api.http;

/** A failure that already knows its HTTP status (404, 409, 415, ...). */
public final class HttpException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String field;

  public HttpException(int status, String detail) {
    this(status, detail, null);
  }

  public HttpException(int status, String detail, String field) {
    super(detail, null, false, false);
    this.status = status;
    this.field = field;
  }

  public int status() {
    return status;
  }

  public String field() {
    return field;
  }
}
