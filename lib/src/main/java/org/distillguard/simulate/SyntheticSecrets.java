package org.distillguard.simulate;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Random, realistic-looking and never-real secrets and PII of every kind the default secret rules detect, for tests
 * and for the simulator's synthetic prompts. {@link #generate} returns exactly the span the rule redacts;
 * {@link #embed} puts it in a sentence with the context the rule needs.
 */
public final class SyntheticSecrets {
    private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
    private static final String DIGITS = "0123456789";
    private static final String LETTERS = UPPER + LOWER;
    private static final String ALPHANUMERIC = LETTERS + DIGITS;
    private static final String BASE64URL = ALPHANUMERIC + "-_";
    private static final String BASE64 = ALPHANUMERIC + "+/";
    private static final String BASE32_UPPER = UPPER + "234567";
    private static final String HEX = "0123456789abcdef";
    private static final String PASSWORD = ALPHANUMERIC + "!#%*-_";

    private static final Map<String, Function<RandomGenerator, String>> GENERATORS = generators();

    private SyntheticSecrets() {}

    /** Every rule id of the default rule set that can be generated, in rule-file order. */
    public static List<String> kinds() {
        return List.copyOf(GENERATORS.keySet());
    }

    /** A random value of {@code kind} that the default rules detect as exactly that kind. */
    public static String generate(String kind, RandomGenerator random) {
        requireNonNull(kind, "kind is null");
        requireNonNull(random, "random is null");
        Function<RandomGenerator, String> generator = GENERATORS.get(kind);
        if (generator == null) {
            throw new IllegalArgumentException("Invalid synthetic secret kind: " + kind + " (expected one of " + kinds() + ")");
        }
        return generator.apply(random);
    }

    /** A sentence holding {@code secret} with the context its rule needs (a variable name, a URL, a connection string). */
    public static String embed(String kind, String secret, RandomGenerator random) {
        requireNonNull(kind, "kind is null");
        requireNonNull(secret, "secret is null");
        requireNonNull(random, "random is null");
        String[] templates = switch (kind) {
            case "anthropic-api-key", "anthropic-admin-key" -> new String[] {
                    "export ANTHROPIC_API_KEY=%s", "client = Anthropic(api_key=\"%s\")", "why does %s return 401?"};
            case "openai-project-key", "openai-service-account-key", "openai-admin-key", "openai-legacy-key" -> new String[] {
                    "export OPENAI_API_KEY=%s", "openai.api_key = \"%s\"", "my key %s stopped working"};
            case "aws-access-key" -> new String[] {"aws_access_key_id = %s", "[default]\naws_access_key_id=%s\nregion=us-east-1"};
            case "aws-secret-access-key" -> new String[] {
                    "aws_secret_access_key = %s", "AWS_SECRET_ACCESS_KEY=\"%s\"", "my AWS secret access key is %s, is that ok?"};
            case "google-api-key" -> new String[] {"GOOGLE_API_KEY=%s", "fetch('https://maps.googleapis.com/maps/api/geocode/json?key=%s&address=x')"};
            case "github-pat", "github-oauth-token", "github-app-token", "github-refresh-token", "github-fine-grained-pat" ->
                    new String[] {"GITHUB_TOKEN=%s", "curl -H 'Authorization: token %s' https://api.github.com/user"};
            case "gitlab-pat" -> new String[] {"GITLAB_TOKEN=%s", "curl --header \"PRIVATE-TOKEN: %s\" https://gitlab.example.com/api/v4/projects"};
            case "slack-token" -> new String[] {"SLACK_BOT_TOKEN=%s", "client = WebClient(token=\"%s\")"};
            case "slack-webhook" -> new String[] {"curl -X POST -d '{\"text\":\"hi\"}' %s", "webhook_url: %s"};
            case "stripe-secret-key", "stripe-restricted-key" -> new String[] {"STRIPE_SECRET_KEY=%s", "stripe.api_key = \"%s\""};
            case "huggingface-token" -> new String[] {"HF_TOKEN=%s", "huggingface-cli login --token %s"};
            case "twilio-api-key" -> new String[] {"TWILIO_API_KEY=%s", "client = Client(\"%s\", secret)"};
            case "twilio-account-sid" -> new String[] {"TWILIO_ACCOUNT_SID=%s", "account_sid = \"%s\""};
            case "sendgrid-api-key" -> new String[] {"SENDGRID_API_KEY=%s", "sg = SendGridAPIClient(\"%s\")"};
            case "npm-token" -> new String[] {"//registry.npmjs.org/:_authToken=%s", "NPM_TOKEN=%s npm publish"};
            case "pypi-token" -> new String[] {"[pypi]\nusername = __token__\npassword = %s", "TWINE_PASSWORD=%s twine upload dist/*"};
            case "azure-storage-account-key" -> new String[] {
                    "DefaultEndpointsProtocol=https;AccountName=acmelogs;AccountKey=%s;EndpointSuffix=core.windows.net",
                    "AZURE_STORAGE_KEY=\"%s\""};
            case "azure-shared-access-key" -> new String[] {
                    "Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=%s"};
            case "jwt" -> new String[] {"Authorization: Bearer %s", "why is this token rejected? %s"};
            case "private-key" -> new String[] {"here is my key:\n%s\nwhat is wrong with it?", "%s"};
            case "database-url-password" -> new String[] {
                    "DATABASE_URL=postgres://app:%s@db.internal:5432/orders", "mongodb+srv://admin:%s@cluster0.ab1cd.mongodb.net/test",
                    "redis://:%s@cache.internal:6379/0", "jdbc:mysql://shop:%s@10.0.0.7:3306/shop"};
            case "database-password" -> new String[] {
                    "Server=sql.internal;Database=orders;User Id=app;Password=%s;", "Data Source=db01;Initial Catalog=shop;pwd=%s"};
            case "url-password" -> new String[] {
                    "git clone https://deploy:%s@git.example.com/team/app.git", "proxy: http://bob:%s@proxy.example.net:3128"};
            case "generic-secret" -> new String[] {"client_secret = \"%s\"", "{\"password\": \"%s\"}", "API_TOKEN: %s"};
            case "email" -> new String[] {"write to %s for access", "my email is %s."};
            case "phone-number" -> new String[] {"call me at %s tomorrow", "phone: %s"};
            case "payment-card" -> new String[] {"my card is %s, expiry 04/29", "card number: %s"};
            default -> throw new IllegalArgumentException(
                    "Invalid synthetic secret kind: " + kind + " (expected one of " + kinds() + ")");
        };
        return templates[random.nextInt(templates.length)].formatted(secret);
    }

    private static Map<String, Function<RandomGenerator, String>> generators() {
        Map<String, Function<RandomGenerator, String>> generators = new LinkedHashMap<>();
        generators.put("anthropic-api-key", random -> "sk-ant-api03-" + chars(random, BASE64URL, 93) + "AA");
        generators.put("anthropic-admin-key", random -> "sk-ant-admin01-" + chars(random, BASE64URL, 93) + "AA");
        generators.put("openai-project-key", random -> openAiKey(random, "sk-proj-"));
        generators.put("openai-service-account-key", random -> openAiKey(random, "sk-svcacct-"));
        generators.put("openai-admin-key", random -> openAiKey(random, "sk-admin-"));
        generators.put("openai-legacy-key",
                random -> "sk-" + chars(random, ALPHANUMERIC, 20) + "T3BlbkFJ" + chars(random, ALPHANUMERIC, 20));
        generators.put("aws-access-key",
                random -> pick(random, "AKIA", "ASIA", "ABIA", "ACCA") + chars(random, BASE32_UPPER, 16));
        generators.put("aws-secret-access-key", random -> chars(random, BASE64, 40));
        generators.put("google-api-key", random -> "AIza" + chars(random, BASE64URL, 35));
        generators.put("github-pat", random -> "ghp_" + chars(random, ALPHANUMERIC, 36));
        generators.put("github-oauth-token", random -> "gho_" + chars(random, ALPHANUMERIC, 36));
        generators.put("github-app-token", random -> pick(random, "ghu_", "ghs_") + chars(random, ALPHANUMERIC, 36));
        generators.put("github-refresh-token", random -> "ghr_" + chars(random, ALPHANUMERIC, 36 + random.nextInt(41)));
        generators.put("github-fine-grained-pat",
                random -> "github_pat_" + chars(random, ALPHANUMERIC, 22) + "_" + chars(random, ALPHANUMERIC, 59));
        generators.put("gitlab-pat", random -> "glpat-" + chars(random, BASE64URL, 20));
        generators.put("slack-token", SyntheticSecrets::slackToken);
        generators.put("slack-webhook", random -> "https://hooks.slack.com/services/T" + chars(random, UPPER + DIGITS, 8)
                + "/B" + chars(random, UPPER + DIGITS, 10) + "/" + chars(random, ALPHANUMERIC, 24));
        generators.put("stripe-secret-key",
                random -> pick(random, "sk_live_", "sk_test_") + chars(random, ALPHANUMERIC, pick(random, 24, 99)));
        generators.put("stripe-restricted-key",
                random -> pick(random, "rk_live_", "rk_test_") + chars(random, ALPHANUMERIC, pick(random, 24, 99)));
        generators.put("huggingface-token", random -> "hf_" + chars(random, LETTERS, 34));
        generators.put("twilio-api-key", random -> "SK" + chars(random, HEX, 32));
        generators.put("twilio-account-sid", random -> "AC" + chars(random, HEX, 32));
        generators.put("sendgrid-api-key",
                random -> "SG." + chars(random, BASE64URL, 22) + "." + chars(random, BASE64URL, 43));
        generators.put("npm-token", random -> "npm_" + chars(random, ALPHANUMERIC, 36));
        generators.put("pypi-token", random -> "pypi-AgEIcHlwaS5vcmc" + chars(random, BASE64URL, 70 + random.nextInt(120)));
        generators.put("azure-storage-account-key", random -> chars(random, BASE64, 86) + "==");
        generators.put("azure-shared-access-key", random -> chars(random, BASE64, 43) + "=");
        generators.put("jwt", SyntheticSecrets::jwt);
        generators.put("private-key", SyntheticSecrets::privateKey);
        generators.put("database-url-password", random -> chars(random, ALPHANUMERIC, 12 + random.nextInt(13)));
        generators.put("database-password", random -> chars(random, PASSWORD, 12 + random.nextInt(13)));
        generators.put("url-password", random -> chars(random, ALPHANUMERIC, 12 + random.nextInt(13)));
        generators.put("generic-secret", random -> chars(random, ALPHANUMERIC, 32));
        generators.put("email", random -> chars(random, LOWER, 3 + random.nextInt(6)) + pick(random, ".", "_", "+", "")
                + chars(random, LOWER + DIGITS, 2 + random.nextInt(6)) + "@" + pick(random, "example.com", "example.org",
                "mail.example.net", "example.co.uk"));
        generators.put("phone-number", SyntheticSecrets::phoneNumber);
        generators.put("payment-card", SyntheticSecrets::paymentCard);
        return generators;
    }

    private static String openAiKey(RandomGenerator random, String prefix) {
        return prefix + chars(random, BASE64URL, 74) + "T3BlbkFJ" + chars(random, BASE64URL, 74);
    }

    private static String slackToken(RandomGenerator random) {
        String kind = pick(random, "xoxb-", "xoxp-");
        if (kind.equals("xoxb-")) {
            return kind + chars(random, DIGITS, 12) + "-" + chars(random, DIGITS, 13) + "-" + chars(random, ALPHANUMERIC, 24);
        }
        return kind + chars(random, DIGITS, 11) + "-" + chars(random, DIGITS, 12) + "-" + chars(random, DIGITS, 13) + "-"
                + chars(random, HEX, 32);
    }

    private static String jwt(RandomGenerator random) {
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        String header = encoder.encodeToString(
                ("{\"alg\":\"" + pick(random, "HS256", "RS256", "ES256") + "\",\"typ\":\"JWT\"}").getBytes(StandardCharsets.UTF_8));
        String payload = encoder.encodeToString(("{\"sub\":\"" + chars(random, ALPHANUMERIC, 12) + "\",\"iat\":"
                + (1_600_000_000L + random.nextInt(200_000_000)) + "}").getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + "." + chars(random, BASE64URL, pick(random, 43, 86, 342));
    }

    private static String privateKey(RandomGenerator random) {
        String type = pick(random, "RSA PRIVATE KEY", "EC PRIVATE KEY", "PRIVATE KEY", "OPENSSH PRIVATE KEY");
        StringBuilder pem = new StringBuilder("-----BEGIN ").append(type).append("-----\n");
        int lines = 3 + random.nextInt(10);
        for (int i = 0; i < lines; i++) {
            pem.append(chars(random, BASE64, 64)).append('\n');
        }
        pem.append(chars(random, BASE64, 4 + random.nextInt(40))).append("==\n");
        return pem.append("-----END ").append(type).append("-----").toString();
    }

    private static String phoneNumber(RandomGenerator random) {
        String line = chars(random, DIGITS, 4);
        String exchange = (char) ('2' + random.nextInt(8)) + chars(random, DIGITS, 2);
        String area = (char) ('2' + random.nextInt(8)) + chars(random, DIGITS, 2);
        return switch (random.nextInt(6)) {
            case 0 -> "+1 (" + area + ") " + exchange + "-" + line;
            case 1 -> "+44 20 " + chars(random, DIGITS, 4) + " " + line;
            case 2 -> "(" + area + ") " + exchange + "-" + line;
            case 3 -> area + "-" + exchange + "-" + line;
            case 4 -> "+1" + area + exchange + line;
            default -> "+49 30 " + chars(random, DIGITS, 6 + random.nextInt(3));
        };
    }

    private static String paymentCard(RandomGenerator random) {
        int style = random.nextInt(4);
        String prefix = switch (style) {
            case 0 -> "4";
            case 1 -> "5" + (char) ('1' + random.nextInt(5));
            case 2 -> pick(random, "34", "37");
            default -> "6011";
        };
        int length = style == 2 ? 15 : 16;
        StringBuilder digits = new StringBuilder(prefix).append(chars(random, DIGITS, length - 1 - prefix.length()));
        digits.append(luhnCheckDigit(digits));
        String separator = pick(random, " ", "-", "");
        if (length == 15) {
            return digits.substring(0, 4) + separator + digits.substring(4, 10) + separator + digits.substring(10);
        }
        return digits.substring(0, 4) + separator + digits.substring(4, 8) + separator + digits.substring(8, 12) + separator
                + digits.substring(12);
    }

    /** The digit that makes {@code payload} followed by it pass the Luhn check. */
    static char luhnCheckDigit(CharSequence payload) {
        int sum = 0;
        for (int i = payload.length() - 1, position = 0; i >= 0; i--, position++) {
            int value = payload.charAt(i) - '0';
            if (position % 2 == 0) {
                value *= 2;
                if (value > 9) {
                    value -= 9;
                }
            }
            sum += value;
        }
        return (char) ('0' + (10 - sum % 10) % 10);
    }

    private static String chars(RandomGenerator random, String alphabet, int count) {
        char[] out = new char[count];
        for (int i = 0; i < count; i++) {
            out[i] = alphabet.charAt(random.nextInt(alphabet.length()));
        }
        return new String(out);
    }

    @SafeVarargs
    private static <T> T pick(RandomGenerator random, T... choices) {
        return choices[random.nextInt(choices.length)];
    }
}
