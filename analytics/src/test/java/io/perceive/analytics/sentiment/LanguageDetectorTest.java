package io.perceive.analytics.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(10)
class LanguageDetectorTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "ok|en",
        "thanks|en",
        "A+|en",
        "The engineer was quick and polite, thank you.|en",
        "Merci beaucoup, le technicien était très sympathique et efficace.|fr",
        "Vielen Dank, das Problem wurde sehr schnell gelöst.|de",
        "Muy buen servicio, gracias por la ayuda.|es",
        "Il servizio è stato molto veloce, grazie.|it",
        "Heel goed geholpen, bedankt voor de snelle hulp.|nl",
        "Спасибо, всё работает.|ru",
        "非常感谢你的帮助|zh",
        "迅速な対応ありがとうございました|ja",
        "merci|fr",
        "gracias|es",
        "Air con|en",
        "Excellent as always|en",
        "Nothing, as everything running as clockwork.|en",
        "Die hard fan of the new laptop|en",
      })
  void detects(String text, String language) {
    assertThat(LanguageDetector.detect(text)).isEqualTo(language);
  }

  @Test
  void oneForeignWordInEnglishIsStillEnglish() {
    assertThat(LanguageDetector.detect("The new laptop is great, merci to the whole team for it."))
        .isEqualTo("en");
  }
}
