package com.example.hello;

/**
 * The greeted node's answer.
 *
 * @param text its own greeting, with its name
 * @param count how many greetings it has received, this one included
 */
public record GreetingReply(String text, long count) {
}
