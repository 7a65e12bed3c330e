using System.Numerics;

namespace Letters.Handwriting;

/// <summary>One bar of an Intelligent Mail barcode: the tracker alone, or with its ascender, its descender, or both.</summary>
public enum ImbBar
{
    Tracker,
    Ascender,
    Descender,
    Full,
}

/// <summary>
/// The USPS Intelligent Mail barcode (USPS-B-3200): a 20-digit tracking code (barcode ID, service type, mailer ID and
/// serial) and a routing code (the ZIP, ZIP+4 or ZIP+4 and delivery point) as 65 four-state bars. The steps are the
/// specification's: the data as one binary number, its 11-bit frame check sequence, ten codewords, ten 13-bit
/// characters (from the 5-of-13 and 2-of-13 tables), and each bar's ascender and descender from a bit of one of them.
/// </summary>
public static class IntelligentMailBarcode
{
    public const int Bars = 65;

    /// <summary>The 65 bars as the letters USPS prints them: T, A, D, F.</summary>
    public static string Letters(string tracking, string routing) =>
        string.Concat(Encode(tracking, routing).Select(b => b switch { ImbBar.Tracker => 'T', ImbBar.Ascender => 'A', ImbBar.Descender => 'D', _ => 'F' }));

    /// <summary>Why these digits cannot be encoded, or null when they can.</summary>
    public static string? Problem(string tracking, string routing)
    {
        if (tracking.Length != 20 || !tracking.All(char.IsAsciiDigit))
        {
            return "The tracking code is 20 digits: barcode ID (2), service type (3), mailer ID and serial number (15).";
        }

        if (tracking[1] > '4')
        {
            return "The barcode ID's second digit is 0 to 4.";
        }

        return routing.Length is 0 or 5 or 9 or 11 && routing.All(char.IsAsciiDigit)
            ? null
            : "The routing code is a ZIP code of 5, 9 or 11 digits, or nothing.";
    }

    public static ImbBar[] Encode(string tracking, string routing)
    {
        if (Problem(tracking, routing) is { } problem)
        {
            throw new ArgumentException(problem, nameof(tracking));
        }

        // 1. Routing and tracking as one number (each routing length has its own range, so none collide).
        var value = routing.Length switch
        {
            0 => BigInteger.Zero,
            5 => BigInteger.Parse(routing, System.Globalization.CultureInfo.InvariantCulture) + 1,
            9 => BigInteger.Parse(routing, System.Globalization.CultureInfo.InvariantCulture) + 100_000 + 1,
            _ => BigInteger.Parse(routing, System.Globalization.CultureInfo.InvariantCulture) + 1_000_000_000 + 100_000 + 1,
        };
        value = (value * 10) + (tracking[0] - '0');
        value = (value * 5) + (tracking[1] - '0');
        foreach (var digit in tracking[2..])
        {
            value = (value * 10) + (digit - '0');
        }

        // 2. The frame check sequence over the 102 bits as 13 bytes.
        var bytes = new byte[13];
        var rest = value;
        for (var i = 12; i >= 0; i--)
        {
            bytes[i] = (byte)(rest & 0xFF);
            rest >>= 8;
        }

        var fcs = FrameCheck(bytes);

        // 3. Ten codewords: the last in base 636, the others in base 1,365; J doubled, A marked by the FCS's top bit.
        var codewords = new int[10];
        codewords[9] = (int)(value % 636);
        value /= 636;
        for (var i = 8; i >= 1; i--)
        {
            codewords[i] = (int)(value % 1365);
            value /= 1365;
        }

        codewords[0] = (int)value;
        codewords[9] *= 2;
        if ((fcs & (1 << 10)) != 0)
        {
            codewords[0] += 659;
        }

        // 4. Ten characters, each flipped where its bit of the FCS is set.
        var characters = new int[10];
        for (var i = 0; i < 10; i++)
        {
            characters[i] = codewords[i] < FiveOfThirteen.Length ? FiveOfThirteen[codewords[i]] : TwoOfThirteen[codewords[i] - FiveOfThirteen.Length];
            if ((fcs & (1 << i)) != 0)
            {
                characters[i] = ~characters[i] & 0x1FFF;
            }
        }

        // 5. Each bar: its descender from one character's bit, its ascender from another's.
        var bars = new ImbBar[Bars];
        for (var i = 0; i < Bars; i++)
        {
            var descender = ((characters[DescenderCharacter[i]] >> DescenderBit[i]) & 1) == 1;
            var ascender = ((characters[AscenderCharacter[i]] >> AscenderBit[i]) & 1) == 1;
            bars[i] = (ascender, descender) switch
            {
                (true, true) => ImbBar.Full,
                (true, false) => ImbBar.Ascender,
                (false, true) => ImbBar.Descender,
                _ => ImbBar.Tracker,
            };
        }

        return bars;
    }

    /// <summary>CRC-11, generator 0xF35, from all ones, over the 102 bits (the first byte's top two are not data).</summary>
    private static int FrameCheck(byte[] bytes)
    {
        const int generator = 0x0F35;
        var fcs = 0x07FF;
        var data = bytes[0] << 5;
        for (var bit = 2; bit < 8; bit++)
        {
            fcs = (((fcs ^ data) & 0x400) != 0 ? (fcs << 1) ^ generator : fcs << 1) & 0x7FF;
            data <<= 1;
        }

        for (var i = 1; i < 13; i++)
        {
            data = bytes[i] << 3;
            for (var bit = 0; bit < 8; bit++)
            {
                fcs = (((fcs ^ data) & 0x400) != 0 ? (fcs << 1) ^ generator : fcs << 1) & 0x7FF;
                data <<= 1;
            }
        }

        return fcs;
    }

    private static readonly int[] FiveOfThirteen = OfThirteen(5, 1287);
    private static readonly int[] TwoOfThirteen = OfThirteen(2, 78);

    /// <summary>
    /// The 13-bit characters with <paramref name="ones"/> bits set, ordered as the specification orders them: a
    /// character and its bit reversal side by side from the front, the characters that are their own reversal from
    /// the back.
    /// </summary>
    private static int[] OfThirteen(int ones, int count)
    {
        var table = new int[count];
        var (front, back) = (0, count - 1);
        for (var character = 0; character < 8192; character++)
        {
            if (BitOperations.PopCount((uint)character) != ones)
            {
                continue;
            }

            var reversed = Reverse13(character);
            if (reversed < character)
            {
                continue;
            }

            if (reversed == character)
            {
                table[back--] = character;
            }
            else
            {
                table[front++] = character;
                table[front++] = reversed;
            }
        }

        return front == back + 1 ? table : throw new InvalidOperationException("The n-of-13 table did not fill.");
    }

    private static int Reverse13(int value)
    {
        var reversed = 0;
        for (var i = 0; i < 13; i++)
        {
            reversed = (reversed << 1) | ((value >> i) & 1);
        }

        return reversed;
    }

    // USPS-B-3200, the bar to character table: for each of the 65 bars, the character and bit of its descender and
    // of its ascender.
    private static readonly int[] DescenderCharacter =
        [7, 1, 9, 5, 8, 0, 2, 4, 6, 3, 5, 8, 9, 7, 3, 0, 6, 1, 7, 4, 6, 8, 9, 2, 5, 1, 7, 5, 4, 3, 8, 7, 6, 0, 2, 5, 4, 9, 3, 0, 1, 6, 8, 2, 0, 4, 5, 9, 6, 7, 5, 2, 6, 3, 8, 5, 1, 9, 8, 7, 4, 0, 2, 6, 3];

    private static readonly int[] DescenderBit =
        [2, 10, 12, 5, 9, 1, 5, 4, 3, 9, 11, 5, 10, 1, 6, 3, 4, 1, 10, 0, 2, 11, 8, 6, 1, 12, 3, 8, 6, 4, 4, 11, 0, 6, 1, 9, 11, 5, 3, 7, 3, 10, 7, 11, 8, 2, 10, 3, 5, 8, 0, 3, 12, 11, 8, 4, 5, 1, 3, 0, 7, 12, 9, 8, 10];

    private static readonly int[] AscenderCharacter =
        [4, 0, 2, 6, 3, 5, 1, 9, 8, 7, 1, 2, 0, 6, 4, 8, 2, 9, 5, 3, 0, 1, 3, 7, 4, 6, 8, 9, 2, 0, 5, 1, 9, 4, 3, 8, 6, 7, 1, 2, 4, 3, 9, 5, 7, 8, 3, 0, 2, 1, 4, 0, 9, 1, 7, 0, 2, 4, 6, 3, 7, 1, 9, 5, 8];

    private static readonly int[] AscenderBit =
        [3, 0, 8, 11, 1, 12, 8, 11, 10, 6, 4, 12, 2, 7, 9, 6, 7, 9, 2, 8, 4, 0, 12, 7, 10, 9, 0, 7, 10, 5, 7, 9, 6, 8, 2, 12, 1, 4, 2, 0, 1, 5, 4, 6, 12, 1, 0, 9, 4, 7, 5, 10, 2, 6, 9, 11, 2, 12, 6, 7, 5, 11, 0, 3, 2];
}
