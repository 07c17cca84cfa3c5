package dev.prefork.autoconfigure.master;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A command line as {@code --prefork.print-config} shows it: the value of every property whose name
 * Spring Boot treats as sensitive ({@code password}, {@code secret}, {@code key}, {@code token},
 * {@code credentials}, {@code vcap_services}, {@code spring.application.json}) is masked, in
 * {@code --name=value} and {@code -Dname=value} alike, and so is the password of any URI that
 * carries one ({@code jdbc:postgresql://app:secret@db/app}).
 */
final class SanitizedCommandLine {

	private static final String MASK = "******";

	private static final Pattern SENSITIVE = Pattern.compile(
			".*(password|secret|key|token|credentials|vcap[._]services).*|spring[._]application[._]json",
			Pattern.CASE_INSENSITIVE);

	private static final Pattern URI_PASSWORD = Pattern.compile("(//[^/:@\\s]+:)([^/@\\s]+)(@)");

	private SanitizedCommandLine() {
	}

	/**
	 * The command line, masked, as one line.
	 * @param argv the program and its arguments
	 * @return the line to show
	 */
	static String of(List<String> argv) {
		return String.join(" ", argv.stream().map(SanitizedCommandLine::argument).toList());
	}

	/**
	 * A value to show beside its name: masked when the name says it is a secret, its URI password
	 * masked otherwise.
	 */
	static String maskedValue(String name, String value) {
		if (SENSITIVE.matcher(name.toLowerCase(Locale.ROOT)).matches()) {
			return MASK;
		}
		return URI_PASSWORD.matcher(value).replaceAll("$1" + Matcher.quoteReplacement(MASK) + "$3");
	}

	static String argument(String argument) {
		String masked = URI_PASSWORD.matcher(argument).replaceAll("$1" + Matcher.quoteReplacement(MASK) + "$3");
		int equals = masked.indexOf('=');
		if (equals < 0) {
			return masked;
		}
		String name = masked.substring(0, equals);
		boolean property = name.startsWith("--") || name.startsWith("-D");
		if (property && SENSITIVE.matcher(name.substring(2).toLowerCase(Locale.ROOT)).matches()) {
			return name + "=" + MASK;
		}
		return masked;
	}

}
