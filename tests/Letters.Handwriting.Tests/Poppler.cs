using System.Diagnostics;
using System.IO.Compression;

namespace Letters.Handwriting.Tests;

/// <summary>Runs poppler-utils (pdftotext, pdffonts, pdfinfo, pdftoppm): an independent reader of our PDFs.</summary>
internal static class Poppler
{
    public static string Text(byte[] pdf, int? page = null) =>
        Run(pdf, "pdftotext", page is { } p ? ["-f", $"{p}", "-l", $"{p}", "{pdf}", "-"] : ["{pdf}", "-"]);

    public static string Fonts(byte[] pdf) => Run(pdf, "pdffonts", ["{pdf}"]);

    public static string Info(byte[] pdf) => Run(pdf, "pdfinfo", ["{pdf}"]);

    /// <summary>A page's size in points, as poppler reads it.</summary>
    public static (double Width, double Height) PageSize(byte[] pdf, int page)
    {
        var match = System.Text.RegularExpressions.Regex.Match(Run(pdf, "pdfinfo", ["-f", $"{page}", "-l", $"{page}", "{pdf}"]), @"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts");
        return (double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), double.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The words of a page with their boxes (points, from the top left), as pdftotext -bbox finds them.</summary>
    public static IReadOnlyList<(string Text, double XMin, double YMin, double XMax, double YMax)> Words(byte[] pdf, int page)
    {
        var html = Run(pdf, "pdftotext", ["-bbox", "-f", $"{page}", "-l", $"{page}", "{pdf}", "-"]);
        var c = System.Globalization.CultureInfo.InvariantCulture;
        return [.. System.Text.RegularExpressions.Regex.Matches(html, "<word xMin=\"([\\d.]+)\" yMin=\"([\\d.]+)\" xMax=\"([\\d.]+)\" yMax=\"([\\d.]+)\">([^<]*)</word>")
            .Select(m => (System.Net.WebUtility.HtmlDecode(m.Groups[5].Value), double.Parse(m.Groups[1].Value, c), double.Parse(m.Groups[2].Value, c), double.Parse(m.Groups[3].Value, c), double.Parse(m.Groups[4].Value, c)))];
    }

    /// <summary>Page 1 as an 8-bit grey PNG at the given resolution.</summary>
    public static byte[] FirstPagePng(byte[] pdf, int dpi) => PagePng(pdf, 1, dpi);

    /// <summary>A page as an 8-bit grey PNG at the given resolution, or the part of it in a box (points, from the top left).</summary>
    public static byte[] PagePng(byte[] pdf, int pageNumber, int dpi, (double X, double Y, double Width, double Height)? box = null)
    {
        var dir = Directory.CreateTempSubdirectory("letters-ppm");
        try
        {
            var prefix = Path.Combine(dir.FullName, "page");
            string[] crop = box is { } b
                ? ["-x", $"{(int)(b.X * dpi / 72)}", "-y", $"{(int)(b.Y * dpi / 72)}", "-W", $"{(int)(b.Width * dpi / 72)}", "-H", $"{(int)(b.Height * dpi / 72)}"]
                : [];
            Run(pdf, "pdftoppm", ["-png", "-gray", "-r", $"{dpi}", "-f", $"{pageNumber}", "-l", $"{pageNumber}", .. crop, "-singlefile", "{pdf}", prefix]);
            return File.ReadAllBytes(prefix + ".png");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static string Run(byte[] pdf, string tool, string[] arguments)
    {
        var file = Path.Combine(Path.GetTempPath(), $"letters-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(file, pdf);
        try
        {
            var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in arguments)
            {
                info.ArgumentList.Add(argument == "{pdf}" ? file : argument);
            }

            using var process = Process.Start(info) ?? throw new InvalidOperationException($"{tool} did not start (apt-get install poppler-utils).");
            var output = process.StandardOutput.ReadToEnd();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{tool} failed: {error}");
        }
        finally
        {
            File.Delete(file);
        }
    }
}

/// <summary>Just enough PNG to read pdftoppm's 8-bit greyscale output back into pixels.</summary>
internal sealed record GreyImage(int Width, int Height, byte[] Pixels)
{
    public static GreyImage FromPng(byte[] png)
    {
        int width = 0, height = 0, channels = 1;
        using var idat = new MemoryStream();
        for (var at = 8; at < png.Length;)
        {
            var length = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            var type = System.Text.Encoding.ASCII.GetString(png, at + 4, 4);
            if (type == "IHDR")
            {
                width = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at + 8));
                height = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at + 12));
                channels = png[at + 17] switch { 0 => 1, 2 => 3, _ => 0 };
                if (png[at + 16] != 8 || channels == 0 || png[at + 20] != 0)
                {
                    throw new NotSupportedException("Only 8-bit grey or RGB, non-interlaced PNGs are read here.");
                }
            }
            else if (type == "IDAT")
            {
                idat.Write(png, at + 8, length);
            }

            at += 12 + length;
        }

        idat.Position = 0;
        using var inflate = new ZLibStream(idat, CompressionMode.Decompress);
        var raw = new MemoryStream();
        inflate.CopyTo(raw);
        var data = raw.ToArray();
        var stride = width * channels;
        var rows = new byte[height * stride];
        for (var y = 0; y < height; y++)
        {
            var filter = data[y * (stride + 1)];
            for (var x = 0; x < stride; x++)
            {
                int value = data[(y * (stride + 1)) + 1 + x];
                int left = x >= channels ? rows[(y * stride) + x - channels] : 0;
                int up = y > 0 ? rows[((y - 1) * stride) + x] : 0;
                int upLeft = x >= channels && y > 0 ? rows[((y - 1) * stride) + x - channels] : 0;
                value += filter switch
                {
                    0 => 0,
                    1 => left,
                    2 => up,
                    3 => (left + up) / 2,
                    4 => Paeth(left, up, upLeft),
                    _ => throw new InvalidDataException($"PNG filter {filter}"),
                };
                rows[(y * stride) + x] = (byte)value;
            }
        }

        var pixels = new byte[width * height];
        for (var i = 0; i < pixels.Length; i++)
        {
            var sum = 0;
            for (var c = 0; c < channels; c++)
            {
                sum += rows[(i * channels) + c];
            }

            pixels[i] = (byte)(sum / channels);
        }

        return new GreyImage(width, height, pixels);
    }

    /// <summary>Mean absolute difference per pixel, 0–255.</summary>
    public double MeanDifference(GreyImage other)
    {
        if (other.Width != Width || other.Height != Height)
        {
            return 255;
        }

        long sum = 0;
        for (var i = 0; i < Pixels.Length; i++)
        {
            sum += Math.Abs(Pixels[i] - other.Pixels[i]);
        }

        return sum / (double)Pixels.Length;
    }

    /// <summary>Share of pixels darker than the paper by a clear margin: roughly, how much ink.</summary>
    public double InkCoverage() => Pixels.Count(p => p < 150) / (double)Pixels.Length;

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
