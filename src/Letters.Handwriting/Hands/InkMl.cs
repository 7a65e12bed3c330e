using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Letters.Handwriting.Hands;

/// <summary>
/// A hand as W3C InkML (https://www.w3.org/TR/InkML/), the exchange format for digital ink: one trace format (X, Y in
/// x-heights, T in milliseconds, F the pen's force 0–1, OTx/OTy its tilt in degrees), one trace group per box,
/// annotated with the box number and the prompt written (<c>truth</c>, as the handwriting corpora annotate it).
/// </summary>
public static class InkMl
{
    public static readonly XNamespace Ink = "http://www.w3.org/2003/InkML";
    private static readonly XNamespace Xml = XNamespace.Xml;

    /// <summary>The most a hand file may hold: a full sheet is about 1,100 boxes and a few hundred thousand points.</summary>
    public const int MaxPoints = 2_000_000;

    public static string Write(CapturedHand hand)
    {
        var c = CultureInfo.InvariantCulture;
        var document = new XDocument(new XElement(Ink + "ink",
            new XElement(Ink + "annotation", new XAttribute("type", "hand"), hand.Name),
            new XElement(Ink + "annotation", new XAttribute("type", "demo"), hand.Demo ? "true" : "false"),
            new XElement(Ink + "definitions",
                new XElement(Ink + "context", new XAttribute(Xml + "id", "box"),
                    new XElement(Ink + "traceFormat",
                        Channel("X", "decimal", "x-height"), Channel("Y", "decimal", "x-height"), Channel("T", "decimal", "ms"),
                        Channel("F", "decimal", null), Channel("OTx", "decimal", "deg"), Channel("OTy", "decimal", "deg")))),
            hand.Samples.Select(sample => new XElement(Ink + "traceGroup", new XAttribute("contextRef", "#box"),
                new XElement(Ink + "annotation", new XAttribute("type", "box"), sample.Box.ToString(c)),
                new XElement(Ink + "annotation", new XAttribute("type", "truth"), sample.Prompt),
                sample.Traces.Select(trace => new XElement(Ink + "trace",
                    string.Join(", ", trace.Points.Select(p => string.Create(c, $"{p.X:0.####} {p.Y:0.####} {p.T:0.#} {p.Pressure:0.###} {p.TiltX:0.#} {p.TiltY:0.#}")))))))));
        return document.ToString(SaveOptions.DisableFormatting);
    }

    private static XElement Channel(string name, string type, string? units) =>
        new(Ink + "channel", new XAttribute("name", name), new XAttribute("type", type), units is null ? null : new XAttribute("units", units));

    /// <summary>Reads a hand written by <see cref="Write"/> or any InkML with X and Y channels; what it cannot read is a <see cref="FormatException"/> saying where.</summary>
    public static CapturedHand Read(string id, string name, Stream inkml)
    {
        XDocument document;
        try
        {
            document = XDocument.Load(XmlReader.Create(inkml, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = 64_000_000 }));
        }
        catch (XmlException e)
        {
            throw new FormatException($"Not well-formed XML: {e.Message}", e);
        }

        if (document.Root is not { } root || root.Name != Ink + "ink")
        {
            throw new FormatException("The document is not InkML: its root is not <ink> in the InkML namespace.");
        }

        var channels = root.Descendants(Ink + "traceFormat").FirstOrDefault()?.Elements(Ink + "channel").Select(e => (string?)e.Attribute("name") ?? "").ToList()
            ?? ["X", "Y", "T", "F"];
        int At(string channel) => channels.IndexOf(channel);
        var (x, y, t, f, tx, ty) = (At("X"), At("Y"), At("T"), At("F"), At("OTx"), At("OTy"));
        if (x < 0 || y < 0)
        {
            throw new FormatException("The trace format has no X and Y channels.");
        }

        var samples = new List<HandSample>();
        var points = 0;
        var groups = root.Elements(Ink + "traceGroup").ToList();
        for (var g = 0; g < groups.Count; g++)
        {
            var group = groups[g];
            var truth = group.Elements(Ink + "annotation").FirstOrDefault(a => (string?)a.Attribute("type") == "truth")?.Value;
            if (string.IsNullOrEmpty(truth))
            {
                throw new FormatException($"Trace group {g + 1} has no truth annotation (the prompt written).");
            }

            var boxText = group.Elements(Ink + "annotation").FirstOrDefault(a => (string?)a.Attribute("type") == "box")?.Value;
            var box = int.TryParse(boxText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var b) ? b : -1;
            var traces = new List<InkTrace>();
            foreach (var trace in group.Elements(Ink + "trace"))
            {
                var read = new List<InkPoint>();
                foreach (var item in trace.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    var values = item.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    double Value(int channel, double fallback) =>
                        channel >= 0 && channel < values.Length
                            ? double.TryParse(values[channel], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : throw new FormatException($"Trace group {g + 1} ('{truth}') has a value that is not a number: '{values[channel]}'.")
                            : fallback;
                    read.Add(new InkPoint(Value(x, 0), Value(y, 0), Value(t, 0), Math.Clamp(Value(f, 0.5), 0, 1), Value(tx, 0), Value(ty, 0)));
                    if (++points > MaxPoints)
                    {
                        throw new FormatException($"The file holds more than {MaxPoints:N0} points.");
                    }
                }

                if (read.Count > 0)
                {
                    traces.Add(new InkTrace(read));
                }
            }

            samples.Add(new HandSample(box, truth, traces));
        }

        var demo = root.Elements(Ink + "annotation").Any(a => (string?)a.Attribute("type") == "demo" && a.Value == "true");
        return new CapturedHand(id, name, samples, demo);
    }
}
