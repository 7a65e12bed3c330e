using Letters.Domain;
using Letters.Features.Renditions;

namespace Letters.Tests.Renditions;

/// <summary>Envelopes addressed the way each destination's post reads them.</summary>
public sealed class PostalAddressTests
{
    private static Recipient To(string country, string name, string line1, string city, string postcode, string? region = null, string? line2 = null) => new()
    {
        Name = name, AddressLine1 = line1, AddressLine2 = line2, City = city, PostalCode = postcode, Region = region, Country = country,
    };

    public static TheoryData<Recipient, string[]> Addresses => new()
    {
        { To("US", "Claire Martin", "12 Elm St Apt 4", "Springfield", "62704", "IL"), ["CLAIRE MARTIN", "12 ELM ST APT 4", "SPRINGFIELD IL 62704"] },
        { To("CA", "Noor Haddad", "24 Sussex Dr", "Ottawa", "K1M 1M4", "ON"), ["Noor Haddad", "24 Sussex Dr", "OTTAWA ON  K1M 1M4", "CANADA"] },
        { To("GB", "Sam Okafor", "10 Downing Street", "London", "SW1A 2AA"), ["Sam Okafor", "10 Downing Street", "LONDON", "SW1A 2AA", "UNITED KINGDOM"] },
        { To("IE", "Aoife Byrne", "1 Main Street", "Dingle", "V92 X2F5", "Co. Kerry"), ["Aoife Byrne", "1 Main Street", "Dingle", "Co. Kerry", "V92 X2F5", "IRELAND"] },
        { To("FR", "Claire Martin", "12 Rue Cler", "Paris", "75007"), ["Claire Martin", "12 Rue Cler", "75007 PARIS", "FRANCE"] },
        { To("DE", "Jonas Keller", "Unter den Linden 5", "Berlin", "10117"), ["Jonas Keller", "Unter den Linden 5", "10117 Berlin", "GERMANY"] },
        { To("IT", "Sofia Costa", "Via Roma 1", "Roma", "00184", "RM"), ["Sofia Costa", "Via Roma 1", "00184 ROMA RM", "ITALY"] },
        { To("ES", "Pedro Silva", "Calle Mayor 3", "Madrid", "28013", "Madrid"), ["Pedro Silva", "Calle Mayor 3", "28013 Madrid", "Madrid", "SPAIN"] },
        { To("NL", "Lena Berg", "Prinsengracht 263", "Amsterdam", "1016 GV"), ["Lena Berg", "Prinsengracht 263", "1016 GV  AMSTERDAM", "NETHERLANDS"] },
        { To("CH", "Ines Keller", "Bahnhofstrasse 1", "Zürich", "8001"), ["Ines Keller", "Bahnhofstrasse 1", "8001 Zürich", "SWITZERLAND"] },
        { To("AU", "Mei Tanaka", "1 Macquarie St", "Sydney", "2000", "NSW"), ["Mei Tanaka", "1 Macquarie St", "SYDNEY NSW 2000", "AUSTRALIA"] },
        { To("JP", "Yuki Tanaka", "1-1 Chiyoda", "Chiyoda-ku", "100-8111", "Tokyo"), ["Yuki Tanaka", "1-1 Chiyoda", "Chiyoda-ku, Tokyo 100-8111", "JAPAN"] },
        { To("IN", "Asha Rao", "B-12 Lajpat Nagar II", "New Delhi", "110024", "Delhi"), ["Asha Rao", "B-12 Lajpat Nagar II", "New Delhi 110024", "Delhi", "INDIA"] },
        { To("NZ", "Aroha Ngata", "1 Queen Street", "Auckland", "1010"), ["Aroha Ngata", "1 Queen Street", "Auckland 1010", "NEW ZEALAND"] },
        { To("SG", "Wei Ling Tan", "1 Orchard Road", "Singapore", "238823"), ["Wei Ling Tan", "1 Orchard Road", "SINGAPORE 238823", "SINGAPORE"] },
        { To("ZA", "Thandi Nkosi", "5 Long Street", "Cape Town", "8001"), ["Thandi Nkosi", "5 Long Street", "Cape Town", "8001", "SOUTH AFRICA"] },
        { To("BR", "Ana Souza", "Av. Paulista 1000", "São Paulo", "01310-100", "sp"), ["Ana Souza", "Av. Paulista 1000", "São Paulo - SP", "01310-100", "BRAZIL"] },
        { To("KR", "Min-jun Kim", "123 Sejong-daero", "Jongno-gu", "03172", "Seoul"), ["Min-jun Kim", "123 Sejong-daero", "Jongno-gu, Seoul", "03172", "SOUTH KOREA"] },
        { To("MX", "Lucía Pérez", "Av. Reforma 222", "Ciudad de México", "06600", "CDMX"), ["Lucía Pérez", "Av. Reforma 222", "06600 Ciudad de México", "CDMX", "MEXICO"] },
    };

    [Theory]
    [MemberData(nameof(Addresses))]
    public void Each_destination_gets_its_posts_own_order_with_the_country_last_in_capitals_when_abroad(Recipient recipient, string[] lines) =>
        Assert.Equal(lines, PostalAddress.Lines(recipient));

    [Fact]
    public void A_capital_the_hand_cannot_write_leaves_the_line_as_typed() =>
        Assert.Equal(["Éloïse Martin", "3 Grande Rue", "25000 Besançon"],
            PostalAddress.Lines(To("FR", "Éloïse Martin", "3 Grande Rue", "Besançon", "25000"), postedFrom: "FR", writes: text => !text.Contains('Ç', StringComparison.Ordinal)));

    [Fact]
    public void Mail_at_home_has_no_country_line_and_a_missing_region_leaves_no_gap()
    {
        Assert.Equal(["JONAS KELLER", "1 MAIN ST", "BOSTON 02108"], PostalAddress.Lines(To("us", "Jonas Keller", "1 Main St", "Boston", "02108")));
        Assert.Equal(["Claire Martin", "12 Rue Cler", "75007 PARIS"], PostalAddress.Lines(To("FR", "Claire Martin", "12 Rue Cler", "Paris", "75007"), postedFrom: "FR"));
    }
}
