using PdfSharp.Drawing;

namespace Letters.Handwriting;

/// <summary>The paper under the writing, and the proof watermark over it.</summary>
internal static class PaperPainter
{
    public static void Paint(XGraphics gfx, Paper paper, PageSize size, Hand hand, LaidOutPage page, ulong seed)
    {
        gfx.DrawRectangle(new XSolidBrush(Rgb(paper.R, paper.G, paper.B)), 0, 0, size.Width, size.Height);

        if (paper.Aged)
        {
            // Parchment: soft darker blotches and a faintly darker edge, different on every page.
            var rng = new Rng(seed ^ (0x70617065UL * (ulong)page.Number));
            for (var i = 0; i < 9; i++)
            {
                var w = size.Width * rng.Range(0.25, 0.7);
                var h = size.Height * rng.Range(0.15, 0.45);
                gfx.DrawEllipse(new XSolidBrush(XColor.FromArgb((int)rng.Range(6, 16), 120, 85, 30)), rng.Range(-w / 2, size.Width - (w / 2)), rng.Range(-h / 2, size.Height - (h / 2)), w, h);
            }

            // Nested translucent bands darken the edge gradually instead of drawing a frame.
            var band = size.Width * 0.012;
            for (var i = 0; i < 5; i++)
            {
                var inset = band * i;
                gfx.DrawRectangle(new XPen(XColor.FromArgb(5, 110, 75, 25), band * 2), inset, inset, size.Width - (2 * inset), size.Height - (2 * inset));
            }
        }

        if (paper.Ruled)
        {
            var rule = new XPen(XColor.FromArgb(255, 168, 196, 226), 0.5);
            foreach (var y in page.RuleBaselines)
            {
                gfx.DrawLine(rule, 0, y, size.Width, y);
            }

            var margin = new XPen(XColor.FromArgb(255, 226, 150, 150), 0.6);
            var x = hand.LeftMargin - 10;
            gfx.DrawLine(margin, x, 0, x, size.Height);
        }
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
