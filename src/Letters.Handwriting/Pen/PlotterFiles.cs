using System.Globalization;
using System.Text;

namespace Letters.Handwriting.Pen;

/// <summary>How a pen plotter should move: heights of the pen and speeds, in millimetres.</summary>
public sealed record PlotterSettings
{
    public double PenUpZ { get; init; } = 5;
    public double PenDownZ { get; init; }
    public double DrawFeed { get; init; } = 2500;
    public double TravelFeed { get; init; } = 6000;

    /// <summary>A pause after the pen lands, so the ink starts to flow.</summary>
    public int LandingDwellMs { get; init; } = 60;
}

/// <summary>
/// A pen-style letter as files a pen plotter draws: SVG (millimetres, one layer per pen named as AxiDraw expects,
/// "1 ink", paths in writing order) and G-code (G21 millimetres, G90 absolute, the pen as a Z move). Both come
/// from the same strokes as the PDF: same seed, same geometry.
/// </summary>
public static class PlotterFiles
{
    private const double Millimetre = 25.4 / 72;

    /// <summary>How many pages of writing the letter has (the envelope is not plotted here).</summary>
    public static int PageCount(LetterDocument document) => Writing(document).Pages.Count;

    public static string Svg(LetterDocument document, int page)
    {
        var writing = Writing(document);
        var written = Page(writing, page);
        var c = CultureInfo.InvariantCulture;
        var (width, height) = (writing.Size.Width * Millimetre, writing.Size.Height * Millimetre);
        var ink = writing.Ink;
        var colour = string.Create(c, $"#{(int)(ink.R * 255):x2}{(int)(ink.G * 255):x2}{(int)(ink.B * 255):x2}");
        var svg = new StringBuilder(written.Strokes.Sum(s => s.Points.Length) * 14);
        svg.Append(c, $"""<?xml version="1.0" encoding="UTF-8"?>""").Append('\n')
            .Append(c, $"""<svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" width="{width:0.##}mm" height="{height:0.##}mm" viewBox="0 0 {width:0.##} {height:0.##}">""").Append('\n')
            .Append(c, $"""<title>Letter, page {page} of {writing.Pages.Count}</title>""").Append('\n')
            .Append(c, $"""<g inkscape:groupmode="layer" inkscape:label="1 ink" id="layer1" fill="none" stroke="{colour}" stroke-width="{writing.Nib * Millimetre:0.###}" stroke-linecap="round" stroke-linejoin="round">""").Append('\n');
        foreach (var stroke in written.Strokes)
        {
            svg.Append("<path d=\"M");
            for (var i = 0; i < stroke.Points.Length; i++)
            {
                svg.Append(c, $"{(i == 0 ? "" : " ")}{stroke.Points[i].X * Millimetre:0.##} {stroke.Points[i].Y * Millimetre:0.##}");
            }

            svg.Append("\"/>\n");
        }

        return svg.Append("</g>\n</svg>\n").ToString();
    }

    /// <summary>G-code with the origin at the page's bottom-left corner, y up, as most plotters home.</summary>
    public static string GCode(LetterDocument document, int page, PlotterSettings settings)
    {
        var writing = Writing(document);
        var written = Page(writing, page);
        var c = CultureInfo.InvariantCulture;
        var height = writing.Size.Height;
        var g = new StringBuilder(written.Strokes.Sum(s => s.Points.Length) * 22);
        g.Append(c, $"; Letter, page {page} of {writing.Pages.Count}, {written.Strokes.Count} strokes, {writing.Size.Name}\n");
        g.Append("G21 ; millimetres\nG90 ; absolute\n");
        g.Append(c, $"G0 Z{settings.PenUpZ:0.##}\n");
        foreach (var stroke in written.Strokes)
        {
            var start = stroke.Points[0];
            g.Append(c, $"G0 X{start.X * Millimetre:0.###} Y{(height - start.Y) * Millimetre:0.###} F{settings.TravelFeed:0}\n");
            g.Append(c, $"G1 Z{settings.PenDownZ:0.##} F{settings.TravelFeed:0}\n");
            if (settings.LandingDwellMs > 0)
            {
                g.Append(c, $"G4 P{settings.LandingDwellMs}\n");
            }

            for (var i = 1; i < stroke.Points.Length; i++)
            {
                g.Append(c, $"G1 X{stroke.Points[i].X * Millimetre:0.###} Y{(height - stroke.Points[i].Y) * Millimetre:0.###}{(i == 1 ? string.Create(c, $" F{settings.DrawFeed:0}") : "")}\n");
            }

            g.Append(c, $"G0 Z{settings.PenUpZ:0.##}\n");
        }

        return g.Append("G0 X0 Y0\nM2\n").ToString();
    }

    private static PenWriting Writing(LetterDocument document)
    {
        var style = Catalogue.FindStyle(document.Style) ?? throw new ArgumentException($"Unknown style '{document.Style}'.", nameof(document));
        if (style.Kind != StyleKind.Pen)
        {
            throw new ArgumentException($"'{style.Id}' is a font style: only pen styles have plotter files.", nameof(document));
        }

        return PenRenderer.Write(document, style);
    }

    private static WrittenPage Page(PenWriting writing, int page) =>
        page >= 1 && page <= writing.Pages.Count
            ? writing.Pages[page - 1]
            : throw new ArgumentOutOfRangeException(nameof(page), page, $"The letter has {writing.Pages.Count} page(s).");
}
