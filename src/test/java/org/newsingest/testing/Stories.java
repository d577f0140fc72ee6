package org.newsingest.testing;

import java.util.Random;

/** News texts long enough to be compared as stories (see dedupe.StoryFingerprint). Written for the tests. */
public final class Stories {

    public static final String DRONES_OVER_KYIV = """
            Ukrainian officials said on Monday that air-defense units shot down most of the drones launched \
            overnight at the Kyiv region, while debris damaged several residential buildings in the capital's \
            outskirts. Emergency services reported no deaths but said four people were treated for injuries. \
            The attack came hours after talks in Brussels on additional air-defense systems for Ukraine, where \
            European ministers promised to speed up deliveries before the winter. Energy company officials said \
            repairs to damaged substations would take several days and asked residents to limit consumption \
            during the evening peak hours.""";

    public static final String KAZAKH_RATES = """
            Kazakhstan's central bank raised its base interest rate for the second time this year, citing \
            inflation that has stayed above its target for months as food and fuel prices climbed. The bank \
            said the decision was needed to anchor expectations and that further increases were possible if \
            price growth did not slow in the first quarter. Analysts in Almaty said the move would weigh on \
            consumer lending, which has grown quickly, and on the housing market, while the tenge strengthened \
            slightly against the dollar after the announcement.""";

    public static final String LVIV_HOUSING = """
            The city council of Lviv approved a plan on Tuesday to convert two disused factories into housing \
            for families displaced from the east, with the first apartments expected to be ready next autumn. \
            Council members said the project would be financed by a mix of municipal bonds and grants from \
            European partners, and that local firms would get priority in the construction tenders. Residents \
            of the neighborhood asked for a new school and a clinic to be included in the plan, and the mayor \
            promised a public hearing on the design in January.""";

    private Stories() {}

    /**
     * A long text of its own for {@code seed}: 80 words drawn from a large vocabulary, so texts of
     * different seeds share no word pairs. Test classes that share one service pick seeds apart.
     */
    public static String longText(long seed) {
        Random words = new Random(seed);
        StringBuilder text = new StringBuilder();
        for (int word = 0; word < 80; word++) {
            text.append(Integer.toString(1000 + words.nextInt(1_000_000), 36)).append(word % 12 == 11 ? ". " : " ");
        }
        return text.toString();
    }
}
