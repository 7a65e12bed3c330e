using System.Text;

namespace Letters.Handwriting;

/// <summary>
/// Formats PDF content-stream operands straight into a pre-sized byte array: fixed-point numbers without trailing
/// zeros, two-byte glyph ids as literal strings, marked-content spans with their real text. The font styles' hot
/// path writes six numbers a glyph through it, so it does by hand what a format string would do slowly.
/// </summary>
internal ref struct ContentWriter(byte[] buffer)
{
    private static ReadOnlySpan<byte> HexDigits => "0123456789ABCDEF"u8;
    private readonly Span<byte> span = buffer;
    private int position;

    public readonly byte[] ToArray() => span[..position].ToArray();

    public void Raw(ReadOnlySpan<byte> utf8)
    {
        utf8.CopyTo(span[position..]);
        position += utf8.Length;
    }

    public void Raw(string ascii)
    {
        position += Encoding.ASCII.GetBytes(ascii, span[position..]);
    }

    /// <summary>
    /// Fixed-point in tenths, no trailing zero ("12.5", "-.7", "3"): integer formatting by hand, with a
    /// constant divisor the JIT turns into a multiply, is several times faster than a format string, and
    /// this runs six times a glyph.
    /// </summary>
    public void Tenths(double value)
    {
        var scaled = (int)Math.Round(value * 10);
        if (scaled < 0)
        {
            span[position++] = (byte)'-';
            scaled = -scaled;
        }

        Whole(scaled / 10, scaled != 0);
        var fraction = scaled % 10;
        if (fraction != 0)
        {
            span[position++] = (byte)'.';
            span[position++] = (byte)('0' + fraction);
        }

        span[position++] = (byte)' ';
    }

    /// <summary>Fixed-point in hundredths, no trailing zeros ("1.25", "-.07", ".3").</summary>
    public void Hundredths(double value)
    {
        var scaled = (int)Math.Round(value * 100);
        if (scaled < 0)
        {
            span[position++] = (byte)'-';
            scaled = -scaled;
        }

        Whole(scaled / 100, scaled != 0);
        var fraction = scaled % 100;
        if (fraction != 0)
        {
            span[position++] = (byte)'.';
            span[position++] = (byte)('0' + (fraction / 10));
            if (fraction % 10 != 0)
            {
                span[position++] = (byte)('0' + (fraction % 10));
            }
        }

        span[position++] = (byte)' ';
    }

    /// <summary>A small non-negative integer.</summary>
    public void Integer(int value)
    {
        if (value < 0)
        {
            span[position++] = (byte)'-';
            value = -value;
        }

        Whole(value, hasFraction: false);
        span[position++] = (byte)' ';
    }

    /// <summary>Fixed-point in thousandths, no trailing zeros ("0.025" as ".025"): a glyph's matrix in font units.</summary>
    public void Thousandths(double value)
    {
        var scaled = (int)Math.Round(value * 1000);
        if (scaled < 0)
        {
            span[position++] = (byte)'-';
            scaled = -scaled;
        }

        Whole(scaled / 1000, scaled % 1000 != 0);
        var fraction = scaled % 1000;
        if (fraction != 0)
        {
            span[position++] = (byte)'.';
            span[position++] = (byte)('0' + (fraction / 100));
            if (fraction % 100 != 0)
            {
                span[position++] = (byte)('0' + (fraction / 10 % 10));
                if (fraction % 10 != 0)
                {
                    span[position++] = (byte)('0' + (fraction % 10));
                }
            }
        }

        span[position++] = (byte)' ';
    }

    /// <summary>
    /// The digits before the point. PDF numbers may start at the point (".42", "-.07"): a byte saved on
    /// most matrix entries, so a zero whole part is left out unless the number is zero.
    /// </summary>
    private void Whole(int whole, bool hasFraction)
    {
        if (whole == 0)
        {
            if (!hasFraction)
            {
                span[position++] = (byte)'0';
            }
        }
        else if (whole < 10)
        {
            span[position++] = (byte)('0' + whole);
        }
        else if (whole < 1000)
        {
            if (whole >= 100)
            {
                span[position++] = (byte)('0' + (whole / 100));
            }

            span[position++] = (byte)('0' + (whole / 10 % 10));
            span[position++] = (byte)('0' + (whole % 10));
        }
        else
        {
            System.Buffers.Text.Utf8Formatter.TryFormat(whole, span[position..], out var digits);
            position += digits;
        }
    }

    /// <summary>
    /// A two-byte glyph id as a literal string: two bytes instead of a hex string's four digits. The
    /// string's delimiters and backslash are escaped, and so is a carriage return, which a reader would
    /// otherwise take for an end of line.
    /// </summary>
    public void GlyphId(ushort glyph)
    {
        span[position++] = (byte)'(';
        Literal((byte)(glyph >> 8));
        Literal((byte)glyph);
        span[position++] = (byte)')';
    }

    private void Literal(byte value)
    {
        switch (value)
        {
            case (byte)'(' or (byte)')' or (byte)'\\':
                span[position++] = (byte)'\\';
                span[position++] = value;
                break;
            case (byte)'\r':
                span[position++] = (byte)'\\';
                span[position++] = (byte)'r';
                break;
            default:
                span[position++] = value;
                break;
        }
    }

    public void Hex(ushort value)
    {
        span[position++] = HexDigits[value >> 12];
        span[position++] = HexDigits[(value >> 8) & 0xF];
        span[position++] = HexDigits[(value >> 4) & 0xF];
        span[position++] = HexDigits[value & 0xF];
    }

    /// <summary>
    /// Opens a span whose ActualText is <paramref name="text"/>: a literal string when every character is
    /// printable ASCII or Latin-1 (PDFDocEncoding agrees with Latin-1 there), else UTF-16BE in hex.
    /// </summary>
    public void ActualText(string text)
    {
        Raw("/Span<</ActualText"u8);
        if (IsPdfDocLatin1(text))
        {
            span[position++] = (byte)'(';
            foreach (var c in text)
            {
                if (c is '(' or ')' or '\\')
                {
                    span[position++] = (byte)'\\';
                }

                span[position++] = (byte)c;
            }

            span[position++] = (byte)')';
        }
        else
        {
            Raw("<FEFF"u8);
            foreach (var c in text)
            {
                Hex(c);
            }

            span[position++] = (byte)'>';
        }

        Raw(">>BDC\n"u8);
    }

    private static bool IsPdfDocLatin1(string text)
    {
        foreach (var c in text)
        {
            if (c is < ' ' or > 'ÿ' or (>= '\u007F' and < '\u00A1'))
            {
                return false;
            }
        }

        return true;
    }
}
