using MailKit.Net.Smtp;
using MailKit.Security;
using System.Text;
using System.Text.RegularExpressions;
using MimeKit;
using Microsoft.Extensions.Options;

namespace Letters.Infrastructure;

/// <summary>Where the app's e-mails go: SMTP when <c>Letters:Smtp:Host</c> is set, else the log (development).</summary>
public interface IEmailSender
{
    Task SendAsync(string recipient, string subject, string text, CancellationToken ct);
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public string? Username { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "Letters <letters@localhost>";

    /// <summary>STARTTLS when the server offers it (the default), or none for a local relay.</summary>
    public bool UseTls { get; set; } = true;

    /// <summary>
    /// Production will not start without SMTP: with the log sender a client's confirmation and reset links would be
    /// written into a container's log, where nobody who needs them can read them.
    /// </summary>
    public sealed class Validation(IHostEnvironment environment) : IValidateOptions<SmtpOptions>
    {
        public ValidateOptionsResult Validate(string? name, SmtpOptions options)
        {
            if (string.IsNullOrWhiteSpace(options.Host))
            {
                return environment.IsProduction()
                    ? ValidateOptionsResult.Fail("Set Letters__Smtp__Host (and __Port, __Username, __Password, __From) to an SMTP server: in production e-mail is never only written to the log.")
                    : ValidateOptionsResult.Success;
            }

            if (options.Port is < 1 or > 65535)
            {
                return ValidateOptionsResult.Fail($"Letters:Smtp:Port must be a port number, not {options.Port}.");
            }

            return MailboxAddress.TryParse(options.From, out _)
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail($"Letters:Smtp:From must be an address such as 'Letters <letters@example.com>', not '{options.From}'.");
        }
    }
}

/// <summary>Development: the e-mail, links and all, written to the log, so a person trying the app can follow them.</summary>
public sealed partial class LogEmailSender(ILogger<LogEmailSender> logger) : IEmailSender
{
    public Task SendAsync(string recipient, string subject, string text, CancellationToken ct)
    {
        Written(logger, recipient, subject, text);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "E-mail to {Recipient}: {Subject}\n{Text}")]
    private static partial void Written(ILogger logger, string recipient, string subject, string text);
}

/// <summary>
/// The HTML part of an e-mail, made from its text in one place so the two never say different things: paragraphs at
/// blank lines, line breaks kept, every link a link, everything else escaped.
/// </summary>
public static partial class MailHtml
{
    public static string From(string text)
    {
        var html = new StringBuilder("<!DOCTYPE html><html><body style=\"font-family: Georgia, serif; font-size: 16px; line-height: 1.5; color: #222\">");
        foreach (var paragraph in BlankLine().Split(text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim()))
        {
            html.Append("<p>");
            var at = 0;
            foreach (Match link in Link().Matches(paragraph))
            {
                html.Append(Lines(paragraph[at..link.Index]));
                var href = System.Net.WebUtility.HtmlEncode(link.Value);
                html.Append("<a href=\"").Append(href).Append("\">").Append(href).Append("</a>");
                at = link.Index + link.Length;
            }

            html.Append(Lines(paragraph[at..])).Append("</p>");
        }

        return html.Append("</body></html>").ToString();
    }

    private static string Lines(string text) => System.Net.WebUtility.HtmlEncode(text).Replace("\n", "<br>", StringComparison.Ordinal);

    [GeneratedRegex(@"\n[ \t]*\n+")]
    private static partial Regex BlankLine();

    // A link ends before a closing bracket or sentence point that follows it.
    [GeneratedRegex(@"https?://[^\s<>""]+?(?=[.,;:!?)\]]*(\s|$))")]
    private static partial Regex Link();
}

/// <summary>Production: MailKit over SMTP, one connection a message (account e-mails are few).</summary>
public sealed class SmtpEmailSender(IOptions<SmtpOptions> options) : IEmailSender
{
    public async Task SendAsync(string recipient, string subject, string text, CancellationToken ct)
    {
        var settings = options.Value;
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(settings.From));
        message.To.Add(MailboxAddress.Parse(recipient));
        message.Subject = subject;
        message.Body = new BodyBuilder { TextBody = text, HtmlBody = MailHtml.From(text) }.ToMessageBody();

        using var smtp = new SmtpClient();
        await smtp.ConnectAsync(settings.Host ?? throw new InvalidOperationException("Letters:Smtp:Host is not set."), settings.Port, settings.UseTls ? SecureSocketOptions.StartTlsWhenAvailable : SecureSocketOptions.None, ct);
        if (!string.IsNullOrEmpty(settings.Username))
        {
            await smtp.AuthenticateAsync(settings.Username, settings.Password ?? string.Empty, ct);
        }

        await smtp.SendAsync(message, ct);
        await smtp.DisconnectAsync(quit: true, ct);
    }
}
