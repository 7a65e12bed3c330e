using System.Globalization;
using System.Text;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Letters.Handwriting;

/// <summary>
/// The paper under the writing: its colour, a fine grain, soft mottling, a few fibres and, for parchment, darker soft
/// edges; printed rules on ruled paper; and the proof watermark over it all. The grain and mottling are two small grey
/// images multiplied over the paper colour (a 64-pixel grain tile repeated in four orientations, and a coarse map of
/// the whole page that the viewer smooths, laid one of four ways on each sheet): a few kilobytes for the whole letter.
/// </summary>
internal static class PaperPainter
{
    private const string Multiply = "/PaperMultiply";
    private const string GrainName = "/PaperGrain";
    private const string MottleName = "/PaperMottle";
    private const int Grain = 64;
    private const double GrainTile = 36;
    private const int MottleWidth = 72;

    /// <summary>How strongly each paper shows its grain, its mottling, its edges and its fibres.</summary>
    private readonly record struct Surface(double Grain, double Mottle, double Edge, int Fibres, double R, double G, double B);

    private static Surface SurfaceOf(Paper paper) => paper switch
    {
        { Aged: true } => new(0.075, 0.09, 0.22, 60, 0.72, 0.56, 0.33),
        { Id: "white" } => new(0.03, 0.012, 0, 6, 0.85, 0.85, 0.85),
        _ => new(0.05, 0.035, 0, 24, 0.86, 0.80, 0.68),
    };

    /// <summary>Paints the page's paper as its first content. The texture images are made once per document.</summary>
    public static void Paint(PdfPage page, Paper paper, PageSize size, Hand hand, LaidOutPage laidOut, ulong seed)
    {
        var surface = SurfaceOf(paper);
        var c = CultureInfo.InvariantCulture;
        var content = new StringBuilder(16_384);
        content.Append(string.Create(c, $"q {paper.R:0.###} {paper.G:0.###} {paper.B:0.###} rg 0 0 {size.Width:0.##} {size.Height:0.##} re f\n"));

        var textures = Textures(page.Owner, surface, size);
        Resource(page, "/XObject").Elements[MottleName] = textures.Mottle.Reference;
        Resource(page, "/Pattern").Elements[GrainName] = textures.Grain.Reference;
        Resource(page, "/ExtGState").Elements[Multiply] = textures.Multiply.Reference;

        // The coarse map of the page, smoothed by the viewer, then the grain as a tiling pattern (drawn tile by tile, a
        // viewer's anti-aliasing shows every seam as a grid line; a pattern it tiles itself).
        // Each sheet turns the map its own way (four ways to lay it), so neighbouring pages and letters differ.
        var rng = Rng.Paper(seed, laidOut.Number);
        var turn = rng.NextUInt64() & 3;
        var (a, d) = ((turn & 1) == 0 ? size.Width : -size.Width, (turn & 2) == 0 ? size.Height : -size.Height);
        var (e, f) = (a < 0 ? size.Width : 0, d < 0 ? size.Height : 0);
        content.Append(string.Create(c, $"{Multiply} gs q {a:0.##} 0 0 {d:0.##} {e:0.##} {f:0.##} cm {MottleName} Do Q\n"));
        content.Append(string.Create(c, $"/Pattern cs {GrainName} scn 0 0 {size.Width:0.##} {size.Height:0.##} re f\n"));

        // Fibres: short, thin, pale curves caught in the sheet.
        var fibre = (R: paper.R * 0.9, G: paper.G * 0.88, B: paper.B * 0.84);
        content.Append(string.Create(c, $"{fibre.R:0.###} {fibre.G:0.###} {fibre.B:0.###} RG 1 J\n"));
        for (var i = 0; i < surface.Fibres; i++)
        {
            var (x0, y0) = (rng.Range(0, size.Width), rng.Range(0, size.Height));
            var angle = rng.Range(0, Math.PI);
            var length = rng.Range(3, 11);
            var (dx, dy) = (Math.Cos(angle) * length, Math.Sin(angle) * length);
            var bend = rng.Gaussian(length * 0.25);
            content.Append(string.Create(c, $"{rng.Range(0.15, 0.35):0.##} w {x0:0.#} {y0:0.#} m {x0 + (dx / 3) - (dy * bend / length):0.#} {y0 + (dy / 3) + (dx * bend / length):0.#} {x0 + (2 * dx / 3) + (dy * bend / length):0.#} {y0 + (2 * dy / 3) - (dx * bend / length):0.#} {x0 + dx:0.#} {y0 + dy:0.#} c S\n"));
        }

        if (paper.Ruled)
        {
            content.Append("0.659 0.769 0.886 RG 0.5 w 0 J\n");
            foreach (var y in laidOut.RuleBaselines)
            {
                content.Append(string.Create(c, $"0 {size.Height - y:0.##} m {size.Width:0.##} {size.Height - y:0.##} l S\n"));
            }

            var x = hand.LeftMargin - 10;
            content.Append(string.Create(c, $"0.886 0.588 0.588 RG 0.6 w {x:0.##} 0 m {x:0.##} {size.Height:0.##} l S\n"));
        }

        content.Append("Q\n");
        LetterRenderer.AppendDeflated(page, Encoding.ASCII.GetBytes(content.ToString()), level: 6);
    }

    private sealed record PaperTextures(PdfDictionary Grain, PdfDictionary Mottle, PdfDictionary Multiply);

    /// <summary>The deflated grain tile and page map of one paper at one size.</summary>
    private sealed record TexturePixels(byte[] Grain, byte[] Mottle, int MottleHeight);

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<PdfDocument, Dictionary<(Surface, double, double), PaperTextures>> Made = new();

    // Made once per paper and size, from a fixed seed: making and deflating them was most of a page's paper cost, and
    // the sheets still differ (each turns the map its own way).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(Surface, double, double), TexturePixels> Pixels = new();

    private static PaperTextures Textures(PdfDocument pdf, Surface surface, PageSize size)
    {
        var made = Made.GetOrCreateValue(pdf);
        var key = (surface, size.Width, size.Height);
        if (made.TryGetValue(key, out var textures))
        {
            return textures;
        }

        var pixels = Pixels.GetOrAdd(key, k => Make(k.Item1, size));
        var multiply = new PdfDictionary(pdf);
        multiply.Elements.SetName("/Type", "/ExtGState");
        multiply.Elements.SetName("/BM", "/Multiply");
        pdf.Internals.AddObject(multiply);
        textures = new PaperTextures(
            Pattern(pdf, Image(pdf, pixels.Grain, Grain, Grain, "/DeviceGray", interpolate: false)),
            Image(pdf, pixels.Mottle, MottleWidth, pixels.MottleHeight, "/DeviceRGB", interpolate: true),
            multiply);
        made[key] = textures;
        return textures;
    }

    private static TexturePixels Make(Surface surface, PageSize size)
    {
        var rng = new Rng(0x7061706572UL);

        // Grain: fine noise, a touch of it lightly smoothed so it reads as paper rather than static.
        var noise = new double[Grain * Grain];
        for (var i = 0; i < noise.Length; i++)
        {
            noise[i] = rng.NextDouble();
        }

        var grain = new byte[Grain * Grain];
        for (var y = 0; y < Grain; y++)
        {
            for (var x = 0; x < Grain; x++)
            {
                var v = (0.6 * noise[(y * Grain) + x]) + (0.4 * noise[(y * Grain) + ((x + 1) % Grain)]);
                grain[(y * Grain) + x] = (byte)Math.Round(255 * (1 - (surface.Grain * v)));
            }
        }

        // Mottling and edges: two octaves of smooth value noise over the page, darker towards the edges of aged paper.
        var mottleHeight = (int)Math.Round(MottleWidth * size.Height / size.Width);
        var coarse = new ValueNoise(ref rng, 5, 7);
        var fine = new ValueNoise(ref rng, 13, 17);
        var mottle = new byte[MottleWidth * mottleHeight * 3];
        for (var y = 0; y < mottleHeight; y++)
        {
            for (var x = 0; x < MottleWidth; x++)
            {
                var (u, v) = ((x + 0.5) / MottleWidth, (y + 0.5) / mottleHeight);
                var amount = surface.Mottle * ((0.7 * coarse.At(u, v)) + (0.3 * fine.At(u, v)));
                if (surface.Edge > 0)
                {
                    var edge = Math.Min(Math.Min(u, 1 - u) * size.Width, Math.Min(v, 1 - v) * size.Height);
                    amount += surface.Edge * Math.Exp(-edge / 28) * (0.6 + (0.8 * fine.At(v, u)));
                }

                amount = Math.Clamp(amount, 0, 0.6);
                var at = ((y * MottleWidth) + x) * 3;
                mottle[at] = (byte)Math.Round(255 * (1 - (amount * (1 - surface.R))));
                mottle[at + 1] = (byte)Math.Round(255 * (1 - (amount * (1 - surface.G))));
                mottle[at + 2] = (byte)Math.Round(255 * (1 - (amount * (1 - surface.B))));
            }
        }

        return new TexturePixels(Deflate(grain), Deflate(mottle), mottleHeight);
    }

    private static byte[] Deflate(byte[] pixels)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new System.IO.Compression.ZLibStream(compressed, System.IO.Compression.CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(pixels);
        }

        return compressed.ToArray();
    }

    /// <summary>A coloured tiling pattern of one grain tile, <see cref="GrainTile"/> points square.</summary>
    private static PdfDictionary Pattern(PdfDocument pdf, PdfDictionary tile)
    {
        var resources = new PdfDictionary(pdf);
        var xObjects = new PdfDictionary(pdf);
        xObjects.Elements["/Tile"] = tile.Reference;
        resources.Elements["/XObject"] = xObjects;

        var pattern = new PdfDictionary(pdf);
        pattern.Elements.SetName("/Type", "/Pattern");
        pattern.Elements.SetInteger("/PatternType", 1);
        pattern.Elements.SetInteger("/PaintType", 1);
        pattern.Elements.SetInteger("/TilingType", 1);
        pattern.Elements["/BBox"] = new PdfLiteral("[0 0 1 1]");
        pattern.Elements.SetInteger("/XStep", 1);
        pattern.Elements.SetInteger("/YStep", 1);
        pattern.Elements["/Matrix"] = new PdfLiteral(string.Create(CultureInfo.InvariantCulture, $"[{GrainTile} 0 0 {GrainTile} 0 0]"));
        pattern.Elements["/Resources"] = resources;
        pattern.CreateStream("/Tile Do"u8.ToArray());
        pdf.Internals.AddObject(pattern);
        return pattern;
    }

    /// <summary>An image XObject made through PDFsharp's object model from deflated pixels.</summary>
    private static PdfDictionary Image(PdfDocument pdf, byte[] deflated, int width, int height, string colorSpace, bool interpolate)
    {
        var image = new PdfDictionary(pdf);
        image.Elements.SetName("/Type", "/XObject");
        image.Elements.SetName("/Subtype", "/Image");
        image.Elements.SetInteger("/Width", width);
        image.Elements.SetInteger("/Height", height);
        image.Elements.SetName("/ColorSpace", colorSpace);
        image.Elements.SetInteger("/BitsPerComponent", 8);
        image.Elements.SetBoolean("/Interpolate", interpolate);
        image.Elements.SetName("/Filter", "/FlateDecode");
        image.CreateStream(deflated);
        pdf.Internals.AddObject(image);
        return image;
    }

    private static PdfDictionary Resource(PdfPage page, string key)
    {
        var dictionary = page.Resources.Elements.GetDictionary(key);
        if (dictionary is null)
        {
            dictionary = new PdfDictionary(page.Owner);
            page.Resources.Elements[key] = dictionary;
        }

        return dictionary;
    }

    /// <summary>Smooth random values over the unit square: a grid of random heights, eased between.</summary>
    private sealed class ValueNoise
    {
        private readonly double[,] grid;

        public ValueNoise(ref Rng rng, int columns, int rows)
        {
            grid = new double[columns + 1, rows + 1];
            for (var x = 0; x <= columns; x++)
            {
                for (var y = 0; y <= rows; y++)
                {
                    grid[x, y] = rng.NextDouble();
                }
            }
        }

        public double At(double u, double v)
        {
            var (fx, fy) = (u * (grid.GetLength(0) - 1), v * (grid.GetLength(1) - 1));
            var (x, y) = ((int)Math.Min(fx, grid.GetLength(0) - 2), (int)Math.Min(fy, grid.GetLength(1) - 2));
            var (tx, ty) = (Ease(fx - x), Ease(fy - y));
            var top = grid[x, y] + ((grid[x + 1, y] - grid[x, y]) * tx);
            var bottom = grid[x, y + 1] + ((grid[x + 1, y + 1] - grid[x, y + 1]) * tx);
            return top + ((bottom - top) * ty);
        }

        private static double Ease(double t) => t * t * (3 - (2 * t));
    }

    /// <summary>
    /// A diagonal PROOF drawn as strokes, not text: it must not mix into the letter's words when a proof is
    /// searched or copied (PDFsharp's core build cannot turn a string into outlines).
    /// </summary>
    public static void Watermark(XGraphics gfx, PageSize size)
    {
        var angle = -Math.Atan2(size.Height, size.Width) * 180 / Math.PI;
        var height = size.Width / 5.5;
        var width = height * 0.68;
        var gap = height * 0.22;
        var pen = new XPen(XColor.FromArgb(70, 200, 40, 40), height * 0.13) { LineCap = XLineCap.Round, LineJoin = XLineJoin.Round };
        gfx.TranslateTransform(size.Width / 2, size.Height / 2);
        gfx.RotateTransform(angle);
        var x = -((5 * width) + (4 * gap)) / 2;
        var top = -height / 2;
        foreach (var letter in "PROOF")
        {
            XPoint At(double u, double v) => new(x + (u * width), top + (v * height));
            switch (letter)
            {
                case 'P':
                case 'R':
                    gfx.DrawLines(pen, [At(0, 1), At(0, 0), At(0.62, 0), At(0.88, 0.12), At(0.92, 0.28), At(0.88, 0.42), At(0.62, 0.52), At(0, 0.52)]);
                    if (letter == 'R')
                    {
                        gfx.DrawLine(pen, At(0.45, 0.52), At(0.95, 1));
                    }

                    break;
                case 'O':
                    gfx.DrawEllipse(pen, x, top, width, height);
                    break;
                case 'F':
                    gfx.DrawLines(pen, [At(0.9, 0), At(0, 0), At(0, 1)]);
                    gfx.DrawLine(pen, At(0, 0.5), At(0.7, 0.5));
                    break;
            }

            x += width + gap;
        }
    }

    public static XColor Rgb(double r, double g, double b) => XColor.FromArgb((int)Math.Round(r * 255), (int)Math.Round(g * 255), (int)Math.Round(b * 255));
}
