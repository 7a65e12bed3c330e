using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

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

/// <summary>Production: MailKit over SMTP, one connection a message (account e-mails are few).</summary>
public sealed class SmtpEmailSender(Microsoft.Extensions.Options.IOptions<SmtpOptions> options) : IEmailSender
{
    public async Task SendAsync(string recipient, string subject, string text, CancellationToken ct)
    {
        var settings = options.Value;
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(settings.From));
        message.To.Add(MailboxAddress.Parse(recipient));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = text };

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
