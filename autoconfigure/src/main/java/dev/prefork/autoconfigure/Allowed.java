package dev.prefork.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What values a {@code prefork.*} setting allows, written on its field in {@link PreforkProperties}
 * so that the rule stands beside the declaration; the binding checks it and Spring Boot reports a
 * broken rule with the property, the value, its origin and {@link #value() what is allowed}.
 * Numbers compare as they are, durations in milliseconds, data sizes in megabytes; a pattern applies
 * to a text, or to each text of a list.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Allowed {

	/**
	 * What is allowed, as the error says it.
	 * @return such as {@code must be between 1 and 1024}
	 */
	String value();

	/** The smallest value allowed. */
	long min() default Long.MIN_VALUE;

	/** The largest value allowed. */
	long max() default Long.MAX_VALUE;

	/** A regular expression the whole text must match; empty for none. */
	String pattern() default "";

	/** Whether the setting must have a value (an unset one is refused). */
	boolean required() default false;

}
