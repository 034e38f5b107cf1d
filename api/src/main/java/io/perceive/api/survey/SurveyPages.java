package io.perceive.api.survey;

/**
 * The survey's HTML: small, self-contained (no external assets), readable on a 360 px screen,
 * usable by keyboard and screen reader, and working without scripts. Styles and the one script
 * carry the page's CSP nonce. Every value that is not ours is escaped.
 */
final class SurveyPages {

  /** A rendered page with the nonce its Content-Security-Policy must allow. */
  record Page(int status, String html, String cspNonce) {}

  /** What the rating and comment forms need. */
  record Form(String action, String commentAction, String nonce, String mac) {}

  static final int[] LOST_MINUTES = {0, 15, 60, 240, 480};

  private static final String CSS =
      "*{box-sizing:border-box}"
          + "body{margin:0;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1f2328;background:#f6f8fa}"
          + "main{max-width:34rem;margin:0 auto;padding:1rem}"
          + ".card{background:#fff;border:1px solid #d0d7de;border-radius:12px;padding:1.25rem}"
          + "h1{font-size:1.35rem;line-height:1.3;margin:0 0 .75rem}"
          + "fieldset{border:0;margin:0;padding:0;min-width:0}"
          + "legend{font-weight:600;margin-bottom:.5rem;padding:0}"
          + ".opt{display:flex;align-items:center;gap:.75rem;padding:.6rem .9rem;margin:.4rem 0;border:2px solid #d0d7de;border-radius:10px;cursor:pointer;min-height:48px}"
          + ".opt:has(input:checked){border-color:#0550ae;background:#ddf4ff}"
          + ".opt input{width:1.25rem;height:1.25rem;margin:0;flex:none;accent-color:#0550ae}"
          + ".n{font-weight:700;min-width:1em}"
          + "button{font:inherit;font-weight:600;color:#fff;background:#0550ae;border:0;border-radius:10px;padding:.75rem 1.25rem;min-height:48px;width:100%;margin-top:.75rem;cursor:pointer}"
          + "button:focus-visible,.opt:focus-within,textarea:focus,select:focus{outline:3px solid #bf8700;outline-offset:2px}"
          + "textarea,select{font:inherit;width:100%;border:1px solid #6e7781;border-radius:8px;padding:.6rem;background:#fff;color:#1f2328}"
          + "textarea{min-height:7rem;resize:vertical}"
          + ".f{display:block;font-weight:600;margin:1rem 0 .35rem}"
          + ".hint{color:#57606a;font-size:.9rem;margin:.25rem 0 0}"
          + ".status{min-height:1.5em;font-weight:600;color:#1a7f37;margin:.75rem 0 0}"
          + ".status:empty{min-height:0;margin:0}"
          + ".notice{font-weight:600;color:#a40e26}"
          + "[hidden]{display:none!important}";

  // Records a rating only on a person's gesture: a trusted click on the button (the one gesture
  // when the link's rating is the one they want), or a choice made with a trusted pointer or key
  // (after a pause, so that moving through the options with the arrow keys saves once). Loading
  // the page, running this script, or a script's synthetic click records nothing: mail scanners
  // that run scripts open every link. Then the comment form follows. Any failure falls back to
  // the plain form post, which renders the right page.
  private static final String SCRIPT =
      "(function(){var f=document.getElementById('rate'),c=document.getElementById('more'),"
          + "s=document.getElementById('status'),b=document.getElementById('send'),g=false,t;"
          + "function send(){clearTimeout(t);s.textContent=s.dataset.saving;"
          + "fetch(f.action,{method:'POST',body:new URLSearchParams(new FormData(f)),headers:{'Accept':'application/json'},credentials:'omit'})"
          + ".then(function(r){if(!r.ok)throw new Error(r.status);return r.json();})"
          + ".then(function(){s.textContent=s.dataset.saved;c.hidden=false;})"
          + ".catch(function(){f.submit();});}"
          + "function person(e){if(e.isTrusted)g=true;}"
          + "f.addEventListener('pointerdown',person);f.addEventListener('keydown',person);"
          + "f.addEventListener('change',function(e){if(g&&e.target.name==='r'){clearTimeout(t);t=setTimeout(send,400);}});"
          + "f.addEventListener('submit',function(e){e.preventDefault();});"
          + "b.addEventListener('click',function(e){e.preventDefault();if(e.isTrusted)send();});})();";

  private SurveyPages() {}

  /**
   * The rating form, the chosen rating (if any) preselected; nothing is recorded until the
   * customer sends it (one click on the button) or picks another rating. When {@code fresh}
   * (nothing stored yet) the comment form appears once the rating is saved; otherwise (an
   * answered invitation: {@code comment} is what is stored) the page shows the stored answer.
   */
  static Page rating(
      Messages m, String ticketId, Integer preselected, boolean notice, Form form, boolean lostTime,
      String cspNonce, String comment, boolean fresh) {
    StringBuilder b = head(m, m.get("page.title"), cspNonce);
    b.append("<h1>").append(Html.escape(m.get("page.title"))).append("</h1>");
    b.append("<form id=\"rate\" method=\"post\" action=\"").append(Html.escape(form.action()))
        .append("\">");
    hidden(b, form);
    b.append("<fieldset><legend>").append(question(m, ticketId)).append("</legend>");
    if (notice) {
      b.append("<p class=\"notice\" role=\"alert\">").append(Html.escape(m.get("rating.choose"))).append("</p>");
    }
    for (int r = 5; r >= 1; r--) {
      b.append("<label class=\"opt\"><input type=\"radio\" name=\"r\" value=\"").append(r).append('"');
      if (preselected != null && preselected == r) {
        b.append(" checked");
      }
      b.append("> <span class=\"n\">").append(r).append("</span> <span>")
          .append(Html.escape(m.get("rating." + r))).append("</span></label>");
    }
    b.append("</fieldset>");
    b.append("<p id=\"status\" class=\"status\" role=\"status\" aria-live=\"polite\" data-saving=\"")
        .append(Html.escape(m.get("rating.saving"))).append("\" data-saved=\"")
        .append(Html.escape(m.get("rating.saved"))).append("\">")
        .append(fresh ? "" : Html.escape(m.get("rating.saved"))).append("</p>");
    b.append("<button id=\"send\" type=\"submit\">").append(Html.escape(m.get("rating.send"))).append("</button></form>");
    b.append(fresh ? "<div id=\"more\" hidden>" : "<div id=\"more\">");
    commentForm(b, m, form, comment, lostTime);
    b.append("</div>");
    return new Page(notice ? 400 : 200, tail(b, cspNonce, true), cspNonce);
  }

  /** After a rating was recorded without scripts: what was saved, and the comment form. */
  static Page comment(Messages m, int rating, String comment, Form form, boolean lostTime, String cspNonce) {
    StringBuilder b = head(m, m.get("comment.title"), cspNonce);
    b.append("<h1>").append(Html.escape(m.get("comment.title"))).append("</h1>");
    b.append("<p>").append(Html.escape(m.get("rating.yours"))).append(" <strong>").append(rating).append(" – ")
        .append(Html.escape(m.get("rating." + rating))).append("</strong></p>");
    commentForm(b, m, form, comment, lostTime);
    return new Page(200, tail(b, cspNonce, false), cspNonce);
  }

  /** A page with a title and a sentence: thanks, or a friendly refusal. */
  static Page message(Messages m, int status, String key, String cspNonce) {
    StringBuilder b = head(m, m.get(key + ".title"), cspNonce);
    b.append("<h1>").append(Html.escape(m.get(key + ".title"))).append("</h1><p>")
        .append(Html.escape(m.get(key + ".text"))).append("</p>");
    return new Page(status, tail(b, cspNonce, false), cspNonce);
  }

  private static void commentForm(StringBuilder b, Messages m, Form form, String comment, boolean lostTime) {
    b.append("<form id=\"comment\" method=\"post\" action=\"").append(Html.escape(form.commentAction())).append("\">");
    hidden(b, form);
    b.append("<label class=\"f\" for=\"c\">").append(Html.escape(m.get("comment.label"))).append("</label>");
    b.append("<textarea id=\"c\" name=\"comment\" maxlength=\"4000\" aria-describedby=\"ch\">")
        .append(Html.escape(comment)).append("</textarea>");
    b.append("<p id=\"ch\" class=\"hint\">").append(Html.escape(m.get("comment.hint"))).append("</p>");
    if (lostTime) {
      b.append("<label class=\"f\" for=\"l\">").append(Html.escape(m.get("lost.label"))).append("</label>");
      b.append("<select id=\"l\" name=\"lost\"><option value=\"\">").append(Html.escape(m.get("lost.none"))).append("</option>");
      for (int minutes : LOST_MINUTES) {
        b.append("<option value=\"").append(minutes).append("\">").append(Html.escape(m.get("lost." + minutes))).append("</option>");
      }
      b.append("</select>");
    }
    b.append("<button type=\"submit\">").append(Html.escape(m.get("comment.send"))).append("</button></form>");
  }

  private static void hidden(StringBuilder b, Form form) {
    b.append("<input type=\"hidden\" name=\"nonce\" value=\"").append(Html.escape(form.nonce()))
        .append("\"><input type=\"hidden\" name=\"mac\" value=\"").append(Html.escape(form.mac())).append("\">");
  }

  static String question(Messages m, String ticketId) {
    return Html.escape(m.get("question")).replace("{0}", "<strong>" + Html.escape(ticketId) + "</strong>");
  }

  private static StringBuilder head(Messages m, String title, String cspNonce) {
    StringBuilder b = new StringBuilder(4096);
    b.append("<!doctype html><html lang=\"").append(m.language()).append("\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
        .append("<meta name=\"robots\" content=\"noindex\"><title>").append(Html.escape(title)).append("</title>")
        .append("<style nonce=\"").append(cspNonce).append("\">").append(CSS).append("</style></head>")
        .append("<body><main><div class=\"card\">");
    return b;
  }

  private static String tail(StringBuilder b, String cspNonce, boolean script) {
    b.append("</div></main>");
    if (script) {
      b.append("<script nonce=\"").append(cspNonce).append("\">").append(SCRIPT).append("</script>");
    }
    return b.append("</body></html>").toString();
  }

  /** The policy for a page: nothing but its own nonce'd style and script, posts to itself only. */
  static String contentSecurityPolicy(String cspNonce) {
    return "default-src 'none'; style-src 'nonce-" + cspNonce + "'; script-src 'nonce-" + cspNonce
        + "'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
  }
}
