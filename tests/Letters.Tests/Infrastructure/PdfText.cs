using System.Diagnostics;

namespace Letters.Tests.Infrastructure;

/// <summary>The text of a PDF as poppler's pdftotext reads it (poppler-utils, installed by .ci/run).</summary>
public static class PdfText
{
    public static async Task<string> ExtractAsync(byte[] pdf, int? page = null)
    {
        var file = Path.Combine(Path.GetTempPath(), $"letters-test-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        try
        {
            var info = new ProcessStartInfo("pdftotext") { RedirectStandardOutput = true };
            if (page is { } p)
            {
                info.ArgumentList.Add("-f");
                info.ArgumentList.Add($"{p}");
                info.ArgumentList.Add("-l");
                info.ArgumentList.Add($"{p}");
            }

            info.ArgumentList.Add(file);
            info.ArgumentList.Add("-");
            using var process = Process.Start(info)!;
            var text = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            return string.Join(' ', text.Split((char[])[' ', '\n', '\r', '\f'], StringSplitOptions.RemoveEmptyEntries));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
