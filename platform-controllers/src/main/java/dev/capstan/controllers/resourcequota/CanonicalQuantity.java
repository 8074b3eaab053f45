package dev.capstan.controllers.resourcequota;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Quantity sums written the way the Go apimachinery writes them (users compare {@code used} with
 * {@code hard} in kubectl): a sum keeps the format of its first non-zero term (binary {@code Ki/Mi/Gi},
 * decimal {@code m/k/M/G} or exponent), and is printed canonically — the largest suffix that leaves an
 * integer, e.g. {@code 1500m}, {@code 2Gi}, {@code 1536} (not a whole Ki), binary values under 1024 as decimal.
 */
public final class CanonicalQuantity {

    enum Format { DECIMAL_SI, BINARY_SI, DECIMAL_EXPONENT }

    private static final String[] DECIMAL_SUFFIXES = {"n", "u", "m", "", "k", "M", "G", "T", "P", "E"};
    private static final String[] BINARY_SUFFIXES = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
    private static final BigDecimal NANO = new BigDecimal("0.000000001");
    private static final BigInteger KI = BigInteger.valueOf(1024);

    private BigDecimal value = BigDecimal.ZERO;
    private Format format = Format.DECIMAL_SI;

    /** Adds a term; a zero sum takes the term's format (Go's {@code Quantity.Add}). */
    public CanonicalQuantity add(Quantity term) {
        return add(term.getNumericalAmount(), formatOf(term));
    }

    public CanonicalQuantity add(long count) {
        return add(BigDecimal.valueOf(count), Format.DECIMAL_SI);
    }

    CanonicalQuantity add(BigDecimal amount, Format termFormat) {
        if (value.signum() == 0) {
            format = termFormat;
        }
        value = value.add(amount);
        return this;
    }

    public BigDecimal value() {
        return value;
    }

    public Quantity toQuantity() {
        return new Quantity(toString());
    }

    static Format formatOf(Quantity quantity) {
        String suffix = quantity.getFormat() == null ? "" : quantity.getFormat();
        if (suffix.endsWith("i")) {
            return Format.BINARY_SI;
        }
        if (suffix.startsWith("e") || suffix.startsWith("E")) {
            return Format.DECIMAL_EXPONENT;
        }
        return Format.DECIMAL_SI;
    }

    @Override
    public String toString() {
        return format(value, format);
    }

    static String format(BigDecimal raw, Format format) {
        // Go keeps at most nanounits, rounding up.
        BigDecimal amount = raw.divide(NANO, 0, RoundingMode.CEILING).multiply(NANO);
        if (amount.signum() == 0) {
            return "0";
        }
        if (format == Format.BINARY_SI) {
            boolean small = amount.abs().compareTo(BigDecimal.valueOf(1024)) < 0;
            boolean integral = amount.stripTrailingZeros().scale() <= 0;
            if (!small && integral) {
                BigInteger mantissa = amount.toBigIntegerExact();
                int exponent = 0;
                while (exponent < BINARY_SUFFIXES.length - 1 && mantissa.mod(KI).signum() == 0) {
                    mantissa = mantissa.divide(KI);
                    exponent++;
                }
                return mantissa + BINARY_SUFFIXES[exponent];
            }
            format = Format.DECIMAL_SI;
        }
        // mantissa × 10^exponent with the exponent a multiple of 3, as large as keeps the mantissa whole.
        BigDecimal stripped = amount.stripTrailingZeros();
        int exponent = -stripped.scale();
        exponent = Math.floorDiv(exponent, 3) * 3;
        BigInteger mantissa = stripped.movePointLeft(exponent).toBigIntegerExact();
        if (format == Format.DECIMAL_EXPONENT) {
            return exponent == 0 ? mantissa.toString() : mantissa + "e" + exponent;
        }
        int index = exponent / 3 + 3;
        if (index >= DECIMAL_SUFFIXES.length) {
            // Beyond exa: Go falls back to the exponent form.
            return mantissa + "e" + exponent;
        }
        return mantissa + DECIMAL_SUFFIXES[index];
    }
}
