package org.newsingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DatesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Sat, 07 Sep 2002 00:00:01 GMT | 2002-09-07T00:00:01Z",
        "Sat, 07 Sep 2002 00:00:01 +0200 | 2002-09-06T22:00:01Z",
        "07 Sep 2002 00:00 EST | 2002-09-07T05:00:00Z",
        "Sat, 7 Sep 02 10:11:12 PDT | 2002-09-07T17:11:12Z",
        "Sat, 07 Sep 2002 00:00:01 CEST | 2002-09-06T22:00:01Z",
        "Tue, 15 Nov 2022 20:15:04 Z | 2022-11-15T20:15:04Z",
        "Sat, Dec 16 2023 02:02:33 PM | 2023-12-16T14:02:33Z",
        "mer, 16 nov 2022 00:38:15 +0100 | 2022-11-15T23:38:15Z",
        "mar, 15 nov 2022 10:00:00 +0100 | 2022-11-15T09:00:00Z",
        "lun, 3 janv. 2022 08:00:00 +0100 | 2022-01-03T07:00:00Z",
        "Mi, 02 Okt 2024 12:00:00 +0200 | 2024-10-02T10:00:00Z",
        "12 октября 2024 09:30 +0300 | 2024-10-12T06:30:00Z",
        "2003-12-31T10:14:55Z | 2003-12-31T10:14:55Z",
        "2003-12-31T10:14:55.123-08:00 | 2003-12-31T18:14:55Z",
        "2003-12-31T10:14 | 2003-12-31T10:14:00Z",
        "2003-12-31 | 2003-12-31T00:00:00Z",
        "20031231T101455Z | 2003-12-31T10:14:55Z",
        "2003-12 | 2003-12-01T00:00:00Z",
    })
    void reads(String raw, String expected) {
        assertThat(Dates.parse(raw)).contains(Instant.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "soon", "32 Jan 2020 00:00:00 GMT", "Sat, 07 Foo 2002 00:00:01 GMT", "2003-13-01"})
    void refusesWhatItCannotRead(String raw) {
        assertThat(Dates.parse(raw)).isEmpty();
    }
}
