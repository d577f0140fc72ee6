package org.newsingest.parse;

import com.rometools.rome.io.impl.DateParser;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Date parsing beyond Rome's: W3C/ISO-8601 (with or without zone, date only, week-less compact
 * forms), RFC 822 and its real-world variants (2- or 4-digit years, missing seconds, missing or
 * misplaced weekday, month before day, {@code AM}/{@code PM}, named zones such as {@code EST},
 * {@code CEST}, military letters, {@code Z}), month and weekday names in the languages of the
 * outlets we read (English, Italian, French, German, Spanish, Portuguese, Dutch, Russian,
 * Ukrainian, Polish, Czech, Romanian), and finally Rome's own parser.
 *
 * <p>A value without any time zone is read as UTC. A value that cannot be read gives empty: a date
 * is never invented.
 */
final class Dates {

    private static final Pattern ISO = Pattern.compile(
            "(\\d{4})(?:-?(\\d{2})(?:-?(\\d{2}))?)?"
                    + "(?:[Tt ]+(\\d{1,2})(?::?(\\d{2})(?::?(\\d{2})(?:[.,]\\d+)?)?)?)?"
                    + "\\s*(Z|z|UTC|GMT|[+-]\\d{2}(?::?\\d{2})?)?");
    private static final Pattern ISO_ORDINAL = Pattern.compile("(\\d{4})-?(\\d{3})");
    private static final Pattern TIME = Pattern.compile("(\\d{1,2})[:.](\\d{2})(?:[:.](\\d{2})(?:[.,]\\d+)?)?");
    private static final Pattern OFFSET = Pattern.compile("(?:(?:GMT|UTC|UT)?([+-])(\\d{1,2}):?(\\d{2})?)");

    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern DIGIT_LETTERS = Pattern.compile("(?<=\\d)(?=[A-Za-z]{3,})");
    private static final Pattern COMPACT_OFFSET = Pattern.compile("([+-])(\\d{2})(\\d{2})");
    private static final Map<String, Integer> MONTHS = new HashMap<>();
    private static final Map<String, Integer> ZONES = new HashMap<>();

    static {
        String[][] months = {
            {"jan", "january", "gen", "gennaio", "janv", "janvier", "januar", "ene", "enero", "janeiro", "januari", "янв", "январь", "января", "січ", "січня", "sty", "stycznia", "led", "ledna", "ian", "ianuarie"},
            {"feb", "february", "febbraio", "fév", "fev", "févr", "février", "fevrier", "februar", "febrero", "fevereiro", "februari", "фев", "февраль", "февраля", "лют", "лютого", "lut", "lutego", "úno", "února", "februarie"},
            {"mar", "march", "marzo", "mars", "märz", "maerz", "mär", "março", "marco", "maart", "мар", "март", "марта", "бер", "березня", "marca", "bře", "března", "martie"},
            {"apr", "april", "aprile", "avr", "avril", "abr", "abril", "апр", "апрель", "апреля", "кві", "квітня", "kwi", "kwietnia", "dub", "dubna", "aprilie"},
            {"may", "maggio", "mag", "mai", "mayo", "maio", "mei", "май", "мая", "тра", "травня", "maj", "maja", "kvě", "května"},
            {"jun", "june", "giugno", "giu", "juin", "juni", "junio", "junho", "июн", "июнь", "июня", "чер", "червня", "cze", "czerwca", "čvn", "června", "iun", "iunie"},
            {"jul", "july", "luglio", "lug", "juil", "juillet", "juli", "julio", "julho", "июл", "июль", "июля", "лип", "липня", "lip", "lipca", "čvc", "července", "iul", "iulie"},
            {"aug", "august", "agosto", "ago", "août", "aout", "augustus", "авг", "август", "августа", "сер", "серпня", "sie", "sierpnia", "srp", "srpna", "aug", "august"},
            {"sep", "sept", "september", "settembre", "set", "septembre", "septiembre", "setembro", "сен", "сентябрь", "сентября", "вер", "вересня", "wrz", "września", "zář", "září", "septembrie"},
            {"oct", "october", "ottobre", "ott", "octobre", "okt", "oktober", "octubre", "outubro", "out", "окт", "октябрь", "октября", "жов", "жовтня", "paź", "października", "říj", "října", "octombrie"},
            {"nov", "november", "novembre", "noviembre", "novembro", "ноя", "ноябрь", "ноября", "лис", "листопада", "lis", "listopada", "lis", "listopadu", "noiembrie"},
            {"dec", "december", "dicembre", "dic", "déc", "decembre", "décembre", "dez", "dezember", "diciembre", "dezembro", "дек", "декабрь", "декабря", "гру", "грудня", "gru", "grudnia", "pro", "prosince", "decembrie"},
        };
        for (int m = 0; m < months.length; m++) {
            for (String name : months[m]) {
                MONTHS.putIfAbsent(name, m + 1);
            }
        }
        Object[][] zones = {
            {"ut", 0}, {"utc", 0}, {"gmt", 0}, {"z", 0}, {"wet", 0},
            {"est", -5}, {"edt", -4}, {"cst", -6}, {"cdt", -5}, {"mst", -7}, {"mdt", -6}, {"pst", -8}, {"pdt", -7},
            {"akst", -9}, {"akdt", -8}, {"hst", -10}, {"ast", -4}, {"adt", -3}, {"nst", -3.5}, {"ndt", -2.5},
            {"bst", 1}, {"ist", 1}, {"cet", 1}, {"cest", 2}, {"met", 1}, {"mest", 2}, {"west", 1}, {"eet", 2}, {"eest", 3},
            {"msk", 3}, {"msd", 4}, {"jst", 9}, {"kst", 9}, {"hkt", 8}, {"sgt", 8}, {"awst", 8},
            {"acst", 9.5}, {"aest", 10}, {"aedt", 11}, {"nzst", 12}, {"nzdt", 13}, {"pkt", 5}, {"irst", 3.5},
            {"a", 1}, {"b", 2}, {"c", 3}, {"d", 4}, {"e", 5}, {"f", 6}, {"g", 7}, {"h", 8}, {"i", 9}, {"k", 10}, {"l", 11}, {"m", 12},
            {"n", -1}, {"o", -2}, {"p", -3}, {"q", -4}, {"r", -5}, {"s", -6}, {"t", -7}, {"u", -8}, {"v", -9}, {"w", -10}, {"x", -11}, {"y", -12},
        };
        for (Object[] zone : zones) {
            ZONES.put((String) zone[0], (int) Math.round(((Number) zone[1]).doubleValue() * 60));
        }
    }

    private Dates() {}

    static Optional<Instant> parse(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String s = raw.strip();
        if (s.isEmpty() || s.length() > 100) {
            return Optional.empty();
        }
        try {
            Optional<Instant> value = iso(s);
            if (value.isEmpty()) {
                value = rfc822ish(s);
            }
            if (value.isEmpty()) {
                value = rome(s);
            }
            return value.filter(i -> i.getEpochSecond() > -62135596800L); // year 1 and later
        } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> iso(String s) {
        Matcher m = ISO.matcher(s);
        if (!m.matches()) {
            Matcher o = ISO_ORDINAL.matcher(s);
            if (o.matches()) {
                return Optional.of(LocalDate.ofYearDay(Integer.parseInt(o.group(1)), Integer.parseInt(o.group(2)))
                        .atStartOfDay().toInstant(ZoneOffset.UTC));
            }
            return Optional.empty();
        }
        int year = Integer.parseInt(m.group(1));
        int month = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
        int day = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
        if (m.group(2) == null && m.group(4) != null) {
            return Optional.empty();
        }
        int hour = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
        int minute = m.group(5) == null ? 0 : Integer.parseInt(m.group(5));
        int second = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
        int offsetMinutes = 0;
        String zone = m.group(7);
        if (zone != null && (zone.startsWith("+") || zone.startsWith("-"))) {
            String digits = zone.substring(1).replace(":", "");
            int h = Integer.parseInt(digits.substring(0, 2));
            int mm = digits.length() >= 4 ? Integer.parseInt(digits.substring(2, 4)) : 0;
            offsetMinutes = (zone.charAt(0) == '-' ? -1 : 1) * (h * 60 + mm);
        }
        return Optional.of(build(year, month, day, hour, minute, second, offsetMinutes));
    }

    private static Instant build(int year, int month, int day, int hour, int minute, int second, int offsetMinutes) {
        boolean nextDay = hour == 24 && minute == 0 && second == 0;
        LocalDateTime local = LocalDateTime.of(year, month, day, nextDay ? 0 : hour, minute, second == 60 ? 59 : second);
        if (nextDay) {
            local = local.plusDays(1);
        }
        return local.toInstant(ZoneOffset.ofTotalSeconds(offsetMinutes * 60));
    }

    /** RFC 822 and the many ways feeds get it wrong, in a token-based reading. */
    private static Optional<Instant> rfc822ish(String s) {
        String[] tokens = SPACES.split(DIGIT_LETTERS.matcher(s.replace(',', ' ')).replaceAll(" ").trim());
        Integer day = null;
        Integer month = null;
        Integer year = null;
        int hour = 0;
        int minute = 0;
        int second = 0;
        boolean time = false;
        Integer offset = null;
        boolean pm = false;
        boolean am = false;
        boolean monthMaybeWeekday = false;
        for (String token : tokens) {
            String t = token.toLowerCase(Locale.ROOT);
            if (t.endsWith(".") && t.length() > 1) {
                t = t.substring(0, t.length() - 1);
            }
            Matcher tm = TIME.matcher(t);
            if (!time && tm.lookingAt()) {
                hour = Integer.parseInt(tm.group(1));
                minute = Integer.parseInt(tm.group(2));
                second = tm.group(3) == null ? 0 : Integer.parseInt(tm.group(3));
                time = true;
                String rest = t.substring(tm.end());
                if (!rest.isEmpty()) {
                    Integer o = offset(rest);
                    if (o != null) {
                        offset = o;
                    } else if (rest.equals("pm")) {
                        pm = true;
                    } else if (rest.equals("am")) {
                        am = true;
                    } else {
                        return Optional.empty();
                    }
                }
                continue;
            }
            if (t.equals("pm")) {
                pm = true;
                continue;
            }
            if (t.equals("am")) {
                am = true;
                continue;
            }
            if (t.chars().allMatch(Character::isDigit)) {
                int v = Integer.parseInt(t);
                if (t.length() >= 3 || (day != null && month != null && year == null)) {
                    if (year != null) {
                        return Optional.empty();
                    }
                    year = t.length() == 2 ? (v < 50 ? 2000 + v : 1900 + v) : v;
                } else if (day == null) {
                    day = v;
                } else if (year == null) {
                    year = t.length() == 2 ? (v < 50 ? 2000 + v : 1900 + v) : v;
                } else {
                    return Optional.empty();
                }
                continue;
            }
            if (time && offset == null) {
                Integer o = offset(t);
                if (o != null) {
                    offset = o;
                    continue;
                }
            }
            Integer mo = month(t);
            if (mo != null && (month == null || monthMaybeWeekday)) {
                month = mo;
                monthMaybeWeekday = month != null && weekday(t) && !monthMaybeWeekday;
                continue;
            }
            if (weekday(t)) {
                continue;
            }
            if (offset == null) {
                Integer o = offset(t);
                if (o != null) {
                    offset = o;
                    continue;
                }
            }
            return Optional.empty();
        }
        if (day == null || month == null || year == null) {
            return Optional.empty();
        }
        if (pm && hour < 12) {
            hour += 12;
        } else if (am && hour == 12) {
            hour = 0;
        }
        return Optional.of(build(year, month, day, hour, minute, second, offset == null ? 0 : offset));
    }

    private static Integer offset(String t) {
        Integer named = ZONES.get(t);
        if (named != null) {
            return named;
        }
        Matcher m = OFFSET.matcher(t.toUpperCase(Locale.ROOT));
        if (m.matches()) {
            String digits = m.group(2);
            int h;
            int mm;
            if (m.group(3) != null) {
                h = Integer.parseInt(digits);
                mm = Integer.parseInt(m.group(3));
            } else {
                h = Integer.parseInt(digits);
                mm = 0;
            }
            if (h > 14 || mm > 59) {
                return null;
            }
            return ("-".equals(m.group(1)) ? -1 : 1) * (h * 60 + mm);
        }
        Matcher compact = COMPACT_OFFSET.matcher(t);
        if (compact.matches()) {
            return ("-".equals(compact.group(1)) ? -1 : 1) * (Integer.parseInt(compact.group(2)) * 60 + Integer.parseInt(compact.group(3)));
        }
        return null;
    }

    private static Integer month(String t) {
        Integer m = MONTHS.get(t);
        if (m == null && t.length() > 3) {
            m = MONTHS.get(t.substring(0, 3));
        }
        return m;
    }

    private static final java.util.Set<String> WEEKDAYS = java.util.Set.of(
            "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
            "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
            "lun", "mar", "mer", "gio", "ven", "sab", "dom", "lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica",
            "jeu", "sam", "dim", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
            "mo", "di", "mi", "do", "fr", "sa", "so", "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag",
            "mié", "jue", "vie", "sáb", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo",
            "seg", "ter", "qua", "qui", "sex",
            "пн", "вт", "ср", "чт", "пт", "сб", "вс", "нд");

    private static boolean weekday(String t) {
        return WEEKDAYS.contains(t);
    }

    private static Optional<Instant> rome(String s) {
        Date date = DateParser.parseDate(s, Locale.US);
        return Optional.ofNullable(date).map(Date::toInstant);
    }
}
