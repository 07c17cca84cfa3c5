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

	/** An argument to show: a property's value as {@link #maskedValue} shows it, else its URI password masked. */
	static String argument(String argument) {
		int equals = argument.indexOf('=');
		String name = (equals < 0) ? "" : argument.substring(0, equals);
		if (name.startsWith("--") || name.startsWith("-D")) {
			return name + "=" + maskedValue(name.substring(2), argument.substring(equals + 1));
		}
		return maskedValue("", argument);
	}

}
