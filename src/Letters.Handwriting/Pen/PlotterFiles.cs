using System.Globalization;
using System.Text;

namespace Letters.Handwriting.Pen;

/// <summary>The firmware a G-code file is for: they read a dwell's P in different units.</summary>
public enum PlotterFirmware
{
    /// <summary>GRBL (and grblHAL, FluidNC): <c>G4 P</c> is in seconds.</summary>
    Grbl,

    /// <summary>Marlin: <c>G4 P</c> is in milliseconds.</summary>
    Marlin,
}

/// <summary>How the pen is raised and lowered.</summary>
public enum PenLift
{
    /// <summary>A Z axis: the pen down is a move to <see cref="PlotterSettings.PenDownZ"/>.</summary>
    Z,

    /// <summary>A servo on the spindle output: <c>M3 S…</c> with the servo's positions (GRBL servo builds, FluidNC).</summary>
    Servo,
}

/// <summary>How a pen plotter should move: heights of the pen and speeds, in millimetres (<c>Letters:Plotter</c>).</summary>
public sealed record PlotterSettings
{
    public PlotterFirmware Firmware { get; init; } = PlotterFirmware.Grbl;
    public PenLift PenLift { get; init; } = PenLift.Z;
    public double PenUpZ { get; init; } = 5;
    public double PenDownZ { get; init; }

    /// <summary>The servo's S value with the pen up and down (<see cref="PenLift.Servo"/>).</summary>
    public int ServoUp { get; init; } = 50;

    public int ServoDown { get; init; } = 30;

    /// <summary>How long the servo takes to move, waited after each lift and landing.</summary>
    public int ServoMs { get; init; } = 150;

    public double DrawFeed { get; init; } = 2500;
    public double TravelFeed { get; init; } = 6000;

    /// <summary>A pause after the pen lands, so the ink starts to flow.</summary>
    public int LandingDwellMs { get; init; } = 60;

    /// <summary>What would make a plotter misbehave: a pen that lands above where it lifts, a feed of nothing, a servo out of range.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!Enum.IsDefined(Firmware))
        {
            problems.Add($"Firmware must be one of {string.Join(", ", Enum.GetNames<PlotterFirmware>())}.");
        }

        if (!Enum.IsDefined(PenLift))
        {
            problems.Add($"PenLift must be one of {string.Join(", ", Enum.GetNames<PenLift>())}.");
        }

        if (!(PenUpZ > PenDownZ) || PenUpZ > 100 || PenDownZ < -20)
        {
            problems.Add("PenUpZ must be above PenDownZ (mm, PenUpZ at most 100, PenDownZ at least -20).");
        }

        if (ServoUp is < 0 or > 10000 || ServoDown is < 0 or > 10000 || ServoUp == ServoDown)
        {
            problems.Add("ServoUp and ServoDown must differ, each between 0 and 10000 (the spindle's S range).");
        }

        if (ServoMs is < 0 or > 5000 || LandingDwellMs is < 0 or > 5000)
        {
            problems.Add("ServoMs and LandingDwellMs must be between 0 and 5000 ms.");
        }

        if (DrawFeed is not (> 0 and <= 100_000) || TravelFeed is not (> 0 and <= 100_000))
        {
            problems.Add("DrawFeed and TravelFeed must be above 0 and at most 100000 mm/min.");
        }

        return problems;
    }

    /// <summary>A dwell as this firmware reads it.</summary>
    public string Dwell(int milliseconds) => Firmware == PlotterFirmware.Grbl
        ? string.Create(CultureInfo.InvariantCulture, $"G4 P{milliseconds / 1000.0:0.###}")
        : string.Create(CultureInfo.InvariantCulture, $"G4 P{milliseconds}");
}

/// <summary>What plotting a page takes: the pen's path drawn and travelled, its lifts, and the time at the settings' speeds.</summary>
public sealed record PlotEstimate(int Strokes, double DrawnMm, double TravelMm, TimeSpan Time);

/// <summary>
/// A pen-style letter as files a pen plotter draws: SVG (millimetres, one layer per pen named as AxiDraw expects,
/// "1 ink", each stroke a smooth path with the width the PDF inks it) and G-code (G21 millimetres, G90 absolute, the
/// pen as a Z move or a servo, dwells in the unit the firmware reads). Both come from the same strokes and the same
/// curves as the PDF (<see cref="StrokeShape"/>): same seed, same geometry. The order is the plotter's: within a page,
/// strokes are taken nearest first (a stroke may be drawn from either end), which draws exactly what the PDF shows
/// with much less travel than writing order. The envelope is a file of its own.
/// </summary>
public static class PlotterFiles
{
    private const double Millimetre = 25.4 / 72;

    /// <summary>How many pages of writing the letter has (the envelope has its own files).</summary>
    public static int PageCount(LetterDocument document) => Writing(document).Pages.Count;

    public static string Svg(LetterDocument document, int page)
    {
        var writing = Writing(document);
        return Svg(Page(writing, page).Strokes, writing.Size, writing.Ink, writing.Nib, $"Letter, page {page} of {writing.Pages.Count}");
    }

    public static string GCode(LetterDocument document, int page, PlotterSettings settings)
    {
        var writing = Writing(document);
        return GCode(Page(writing, page).Strokes, writing.Size, writing.Nib, settings, $"Letter, page {page} of {writing.Pages.Count}");
    }

    /// <summary>The envelope's address as its own plotter file, on the envelope's size; null when the letter has none.</summary>
    public static string? EnvelopeSvg(LetterDocument document) =>
        PenRenderer.WriteEnvelope(document, Style(document)) is { } envelope ? Svg(envelope.Page.Strokes, envelope.Size, envelope.Ink, envelope.Nib, "Envelope") : null;

    public static string? EnvelopeGCode(LetterDocument document, PlotterSettings settings) =>
        PenRenderer.WriteEnvelope(document, Style(document)) is { } envelope ? GCode(envelope.Page.Strokes, envelope.Size, envelope.Nib, settings, "Envelope") : null;

    /// <summary>A page's plot as written (strokes in writing order) and as plotted (ordered for travel), side by side.</summary>
    public static (PlotEstimate Written, PlotEstimate Plotted) Estimate(LetterDocument document, int page, PlotterSettings settings)
    {
        var writing = Writing(document);
        var strokes = Page(writing, page).Strokes;
        var paths = strokes.Select(s => Flat(s)).ToList();
        return (Estimate(paths, settings), Estimate([.. Ordered(strokes).Select(o => o.Reversed ? Enumerable.Reverse(Flat(o.Stroke)).ToList() : Flat(o.Stroke))], settings));
    }

    private static string Svg(IReadOnlyList<PenStroke> strokes, PageSize size, Ink ink, double nib, string title)
    {
        var c = CultureInfo.InvariantCulture;
        var (width, height) = (size.Width * Millimetre, size.Height * Millimetre);
        var colour = string.Create(c, $"#{(int)(ink.R * 255):x2}{(int)(ink.G * 255):x2}{(int)(ink.B * 255):x2}");
        var svg = new StringBuilder(strokes.Sum(s => s.Points.Length) * 30);
        svg.Append(c, $"""<?xml version="1.0" encoding="UTF-8"?>""").Append('\n')
            .Append(c, $"""<svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" width="{width:0.##}mm" height="{height:0.##}mm" viewBox="0 0 {width:0.##} {height:0.##}">""").Append('\n')
            .Append(c, $"""<title>{title}</title>""").Append('\n')
            .Append(c, $"""<g inkscape:groupmode="layer" inkscape:label="1 ink" id="layer1" fill="none" stroke="{colour}" stroke-linecap="round" stroke-linejoin="round">""").Append('\n');
        foreach (var (stroke, reversed) in Ordered(strokes))
        {
            // The width the PDF inks the stroke with, on average: a plotter draws one width, the proof's.
            var curve = StrokeShape.Smooth(stroke.Points);
            if (reversed)
            {
                curve = [.. Enumerable.Reverse(curve).Select(p => new Cubic(p.D, p.C, p.B, p.A))];
            }

            svg.Append(c, $"<path stroke-width=\"{Ribbon.MeanWidth(stroke, nib) * Millimetre:0.###}\" d=\"M{curve[0].A.X * Millimetre:0.###} {curve[0].A.Y * Millimetre:0.###}");
            foreach (var piece in curve)
            {
                svg.Append(c, $" C{piece.B.X * Millimetre:0.###} {piece.B.Y * Millimetre:0.###} {piece.C.X * Millimetre:0.###} {piece.C.Y * Millimetre:0.###} {piece.D.X * Millimetre:0.###} {piece.D.Y * Millimetre:0.###}");
            }

            svg.Append("\"/>\n");
        }

        return svg.Append("</g>\n</svg>\n").ToString();
    }

    /// <summary>G-code with the origin at the page's bottom-left corner, y up, as most plotters home.</summary>
    private static string GCode(IReadOnlyList<PenStroke> strokes, PageSize size, double nib, PlotterSettings settings, string title)
    {
        var c = CultureInfo.InvariantCulture;
        var height = size.Height;
        var ordered = Ordered(strokes).Select(o => o.Reversed ? Enumerable.Reverse(Flat(o.Stroke)).ToList() : Flat(o.Stroke)).ToList();
        var estimate = Estimate(ordered, settings);
        var g = new StringBuilder(ordered.Sum(p => p.Count) * 24);
        g.Append(c, $"; {title}, {strokes.Count} strokes, {size.Name}; drawn {estimate.DrawnMm:0} mm, travel {estimate.TravelMm:0} mm, about {estimate.Time.TotalMinutes:0.#} min\n");
        g.Append(c, $"; for {settings.Firmware} ({(settings.Firmware == PlotterFirmware.Grbl ? "G4 P in seconds" : "G4 P in milliseconds")}), pen lifted by {settings.PenLift}\n");
        g.Append("G21 ; millimetres\nG90 ; absolute\n");
        Up(g, settings);
        foreach (var path in ordered)
        {
            var start = path[0];
            g.Append(c, $"G0 X{start.X * Millimetre:0.###} Y{(height - start.Y) * Millimetre:0.###} F{settings.TravelFeed:0}\n");
            Down(g, settings);
            for (var i = 1; i < path.Count; i++)
            {
                g.Append(c, $"G1 X{path[i].X * Millimetre:0.###} Y{(height - path[i].Y) * Millimetre:0.###}{(i == 1 ? string.Create(c, $" F{settings.DrawFeed:0}") : "")}\n");
            }

            Up(g, settings);
        }

        _ = nib;
        return g.Append("G0 X0 Y0\nM2\n").ToString();
    }

    private static void Down(StringBuilder g, PlotterSettings settings)
    {
        var c = CultureInfo.InvariantCulture;
        if (settings.PenLift == PenLift.Servo)
        {
            g.Append(c, $"M3 S{settings.ServoDown}\n").Append(settings.Dwell(settings.ServoMs + settings.LandingDwellMs)).Append('\n');
            return;
        }

        g.Append(c, $"G1 Z{settings.PenDownZ:0.##} F{settings.TravelFeed:0}\n");
        if (settings.LandingDwellMs > 0)
        {
            g.Append(settings.Dwell(settings.LandingDwellMs)).Append('\n');
        }
    }

    private static void Up(StringBuilder g, PlotterSettings settings)
    {
        var c = CultureInfo.InvariantCulture;
        if (settings.PenLift == PenLift.Servo)
        {
            g.Append(c, $"M3 S{settings.ServoUp}\n").Append(settings.Dwell(settings.ServoMs)).Append('\n');
            return;
        }

        g.Append(c, $"G0 Z{settings.PenUpZ:0.##}\n");
    }

    /// <summary>
    /// The strokes in plotting order: from the page's top left corner, always the stroke whose nearer end is nearest
    /// where the pen lifted, drawn from that end. Every stroke is drawn once, whole; only the order and direction change.
    /// </summary>
    internal static List<(PenStroke Stroke, bool Reversed)> Ordered(IReadOnlyList<PenStroke> strokes)
    {
        var left = new List<PenStroke>(strokes);
        var result = new List<(PenStroke, bool)>(strokes.Count);
        var at = new PenPoint(0, 0);
        while (left.Count > 0)
        {
            var best = 0;
            var reversed = false;
            var bestDistance = double.MaxValue;
            for (var i = 0; i < left.Count; i++)
            {
                var points = left[i].Points;
                var head = Squared(at, points[0]);
                var tail = Squared(at, points[^1]);
                if (head < bestDistance)
                {
                    (best, reversed, bestDistance) = (i, false, head);
                }

                if (tail < bestDistance)
                {
                    (best, reversed, bestDistance) = (i, true, tail);
                }
            }

            var chosen = left[best];
            left.RemoveAt(best);
            result.Add((chosen, reversed));
            at = reversed ? chosen.Points[0] : chosen.Points[^1];
        }

        return result;
    }

    private static List<PenPoint> Flat(PenStroke stroke) => StrokeShape.Flatten(StrokeShape.Smooth(stroke.Points), 0.02 / Millimetre);

    private static PlotEstimate Estimate(List<List<PenPoint>> paths, PlotterSettings settings)
    {
        double drawn = 0, travel = 0;
        var at = new PenPoint(0, 0);
        foreach (var path in paths)
        {
            travel += Math.Sqrt(Squared(at, path[0]));
            for (var i = 1; i < path.Count; i++)
            {
                drawn += Math.Sqrt(Squared(path[i - 1], path[i]));
            }

            at = path[^1];
        }

        var (drawnMm, travelMm) = (drawn * Millimetre, travel * Millimetre);
        var lift = settings.PenLift == PenLift.Servo ? 2 * settings.ServoMs : 2 * (settings.PenUpZ - settings.PenDownZ) / settings.TravelFeed * 60_000;
        var minutes = (drawnMm / settings.DrawFeed) + (travelMm / settings.TravelFeed);
        return new PlotEstimate(paths.Count, drawnMm, travelMm, TimeSpan.FromMinutes(minutes) + TimeSpan.FromMilliseconds(paths.Count * (lift + settings.LandingDwellMs)));
    }

    private static double Squared(PenPoint a, PenPoint b) => ((a.X - b.X) * (a.X - b.X)) + ((a.Y - b.Y) * (a.Y - b.Y));

    private static HandwritingStyle Style(LetterDocument document)
    {
        var style = Catalogue.FindStyle(document.Style) ?? throw new ArgumentException($"Unknown style '{document.Style}'.", nameof(document));
        return style.Kind == StyleKind.Pen
            ? style
            : throw new ArgumentException($"'{style.Id}' is a font style: only pen styles have plotter files.", nameof(document));
    }

    private static PenWriting Writing(LetterDocument document) => PenRenderer.Write(document, Style(document));

    private static WrittenPage Page(PenWriting writing, int page) =>
        page >= 1 && page <= writing.Pages.Count
            ? writing.Pages[page - 1]
            : throw new ArgumentOutOfRangeException(nameof(page), page, $"The letter has {writing.Pages.Count} page(s).");
}
